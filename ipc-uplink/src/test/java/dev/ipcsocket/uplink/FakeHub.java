package dev.ipcsocket.uplink;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusUplink;

/** A hub that records what the uplink hands it. */
final class FakeHub implements BusUplink.Hub {

	final List<BusFrame.Data> delivered = new CopyOnWriteArrayList<>();

	final List<BusFrame.Data> uplinked = new CopyOnWriteArrayList<>();

	/** Each report: the message id (or {@code -}), the error and the reason. */
	final List<String> reported = new CopyOnWriteArrayList<>();

	private final String applicationId;

	FakeHub(String applicationId) {
		this.applicationId = applicationId;
	}

	@Override
	public void deliver(BusFrame.Data data) {
		this.delivered.add(data);
	}

	@Override
	public void uplinked(BusFrame.Data data) {
		this.uplinked.add(data);
	}

	@Override
	public void undelivered(BusFrame.@Nullable Data data, IpcError error, String reason) {
		this.reported.add(((data != null) ? data.messageId() : "-") + " " + error.code() + " " + reason);
	}

	@Override
	public String applicationId() {
		return this.applicationId;
	}

	List<String> deliveredTexts() {
		return this.delivered.stream().map(FakeHub::text).toList();
	}

	List<String> uplinkedTexts() {
		return this.uplinked.stream().map(FakeHub::text).toList();
	}

	static String text(BusFrame.Data data) {
		return new String(data.payload(), StandardCharsets.UTF_8);
	}

	static BusFrame.Data message(String origin, long sequence, String target, String text) {
		return new BusFrame.Data(BusFrame.Kind.MESSAGE, origin, target, sequence, 0, "",
				text.getBytes(StandardCharsets.UTF_8));
	}

}
