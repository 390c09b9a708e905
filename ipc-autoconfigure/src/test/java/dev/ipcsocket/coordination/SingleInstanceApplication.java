package dev.ipcsocket.coordination;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * A Spring Boot application for {@code ipc.single-instance}, without auto-configuration (the
 * single instance is claimed before any of it): prints {@code ready} once started and
 * {@code second-instance <pid> <working directory> <args...>} for each hand-over. Its arguments
 * include {@code --ipc.path} and {@code --ipc.single-instance=true}.
 */
@SpringBootConfiguration
public class SingleInstanceApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SingleInstanceApplication.class);
		application.setLogStartupInfo(false);
		application.run(args);
		System.out.println("ready");
	}

	@EventListener
	void onSecondInstance(IpcSecondInstanceEvent event) {
		System.out.println("second-instance " + event.getPid() + " " + event.getWorkingDirectory() + " "
				+ String.join(" ", event.getArgs()));
	}

	@EventListener
	void onReady(ApplicationReadyEvent event) {
		// keeps the JVM alive: the test ends it
		Thread keeper = new Thread(() -> {
			try {
				Thread.currentThread().join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "keep-alive");
		keeper.start();
	}

}
