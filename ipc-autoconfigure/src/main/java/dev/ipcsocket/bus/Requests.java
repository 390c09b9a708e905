package dev.ipcsocket.bus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;

/**
 * The requests this member sent that wait for their reply, by message id: a reply names its
 * request's id as its correlation.
 */
final class Requests {

	private static final Log logger = LogFactory.getLog(Requests.class);

	private final Map<Long, CompletableFuture<IpcMessage>> pending = new ConcurrentHashMap<>();

	/** Register a request before it is sent: its reply may come back before the send returns. */
	void register(long id, CompletableFuture<IpcMessage> reply) {
		this.pending.put(id, reply);
	}

	/** Hand a reply to its request, if that still waits. */
	void complete(long correlation, String replyId, IpcMessage reply) {
		CompletableFuture<IpcMessage> request = this.pending.remove(correlation);
		if (request != null) {
			request.complete(reply);
		}
		else {
			logger.debug("Reply " + replyId + " came after its request gave up");
		}
	}

	/**
	 * Wait for the reply to a request, and forget the request whatever happens.
	 * @throws IpcException when no reply comes in time, the request failed or the wait was interrupted
	 */
	IpcMessage await(long id, CompletableFuture<IpcMessage> reply, String target, Duration timeout) {
		try {
			return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new IpcException(IpcError.LOST_CONNECTION,
					"no reply from '" + target + "' within " + timeout.toMillis() + " ms", ex);
		}
		catch (ExecutionException ex) {
			throw new IpcException(IpcError.LOST_CONNECTION, "the request to '" + target + "' failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "interrupted waiting for '" + target + "'", ex);
		}
		finally {
			this.pending.remove(id);
		}
	}

	/** Fail every request still waiting. */
	void failAll(IpcException why) {
		this.pending.values().forEach((request) -> request.completeExceptionally(why));
	}

}
