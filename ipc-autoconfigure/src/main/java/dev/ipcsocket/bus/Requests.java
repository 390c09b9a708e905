package dev.ipcsocket.bus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * request's id as its correlation. An error reply fails its request with the answerer's reason.
 */
final class Requests {

	private static final Log logger = LogFactory.getLog(Requests.class);

	private final Map<Long, CompletableFuture<IpcMessage>> pending = new ConcurrentHashMap<>();

	/** Register a request before it is sent: its reply may come back before the send returns. */
	void register(long id, CompletableFuture<IpcMessage> reply) {
		this.pending.put(id, reply);
	}

	/** Forget a request whose send failed after it was registered. */
	void forget(CompletableFuture<IpcMessage> reply) {
		this.pending.values().remove(reply);
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

	/** Fail a request with the error its answerer sent back, if it still waits. */
	void fail(long correlation, String replyId, IpcException why) {
		CompletableFuture<IpcMessage> request = this.pending.remove(correlation);
		if (request != null) {
			request.completeExceptionally(why);
		}
		else {
			logger.debug("Error reply " + replyId + " came after its request gave up");
		}
	}

	/**
	 * Wait for the reply to a request, and forget the request whatever happens.
	 * @throws IpcException when no reply comes in time, the answerer sent an error, the request
	 * failed or the wait was interrupted
	 */
	IpcMessage await(long id, CompletableFuture<IpcMessage> reply, String target, Duration timeout) {
		try {
			return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw noReply(target, timeout, ex);
		}
		catch (ExecutionException ex) {
			throw failed(ex.getCause(), target);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "interrupted waiting for '" + target + "'", ex);
		}
		finally {
			this.pending.remove(id);
		}
	}

	/**
	 * The reply to a request, without waiting: completes with the reply, or exceptionally with an
	 * {@link IpcException} when no reply comes in time, the answerer sent an error or the request
	 * failed. The request is forgotten as soon as it completes, however; cancelling the returned
	 * future gives it up.
	 */
	CompletableFuture<IpcMessage> whenReplied(long id, CompletableFuture<IpcMessage> reply, String target,
			Duration timeout) {
		CompletableFuture<IpcMessage> result = reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
			.handle((message, failure) -> {
				this.pending.remove(id);
				if (failure != null) {
					Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
					throw (cause instanceof TimeoutException) ? noReply(target, timeout, cause) : failed(cause, target);
				}
				return message;
			});
		result.whenComplete((message, failure) -> {
			if (result.isCancelled()) {
				reply.cancel(false);
			}
		});
		return result;
	}

	private static IpcException noReply(String target, Duration timeout, Throwable cause) {
		return new IpcException(IpcError.LOST_CONNECTION,
				"no reply from '" + target + "' within " + timeout.toMillis() + " ms", cause);
	}

	private static IpcException failed(Throwable cause, String target) {
		if (cause instanceof ErrorReplyException answered) {
			// a fresh exception, so that its stack trace shows the requester rather than the reader thread
			return new IpcException(answered.error(), answered.description, answered);
		}
		return new IpcException(IpcError.LOST_CONNECTION, "the request to '" + target + "' failed", cause);
	}

	/** Fail every request still waiting. */
	void failAll(IpcException why) {
		this.pending.values().forEach((request) -> request.completeExceptionally(why));
	}

	/** An error the answerer of a request sent back. */
	static final class ErrorReplyException extends IpcException {

		private final String description;

		ErrorReplyException(String description) {
			super(IpcError.INVALID_STATE_ERROR, description);
			this.description = description;
		}

	}

}
