package dev.ipcsocket.coordination;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Lock;

/**
 * A sibling JVM that uses one lock of a {@link SiblingLockRegistry}, driven by its arguments:
 * <ul>
 * <li>{@code <dir> contend <name> <file> <times>}: takes the lock that many times, each time
 * appending an {@code enter} and an {@code exit} line to the shared file, then prints
 * {@code done};</li>
 * <li>{@code <dir> hold <name>}: takes the lock, prints {@code holding}, and keeps it until its
 * stdin closes;</li>
 * <li>{@code <dir> wait <name>}: prints {@code waiting}, takes the lock, prints {@code acquired}
 * and keeps it until its stdin closes.</li>
 * </ul>
 */
public final class LockContender {

	private LockContender() {
	}

	public static void main(String[] args) throws IOException {
		SiblingLockRegistry registry = SiblingLockRegistry.inDirectory(Path.of(args[0]));
		Lock lock = registry.obtain(args[2]);
		long pid = ProcessHandle.current().pid();
		switch (args[1]) {
			case "contend" -> {
				Path file = Path.of(args[3]);
				int times = Integer.parseInt(args[4]);
				for (int i = 0; i < times; i++) {
					lock.lock();
					try {
						append(file, "enter " + pid + " " + i);
						append(file, "exit " + pid + " " + i);
					}
					finally {
						lock.unlock();
					}
				}
				System.out.println("done");
			}
			case "hold" -> {
				lock.lock();
				System.out.println("holding");
				awaitEndOfInput();
			}
			case "wait" -> {
				System.out.println("waiting");
				lock.lock();
				System.out.println("acquired");
				awaitEndOfInput();
			}
			default -> throw new IllegalArgumentException("unknown command " + args[1]);
		}
	}

	private static void append(Path file, String line) throws IOException {
		Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	private static void awaitEndOfInput() throws IOException {
		BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		while (stdin.readLine() != null) {
			// hold on until the test closes our stdin or kills us
		}
	}

}
