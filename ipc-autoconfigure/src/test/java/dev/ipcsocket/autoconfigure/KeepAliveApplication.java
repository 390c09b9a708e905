package dev.ipcsocket.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The smallest Spring Boot application with a socket, in a JVM of its own: auto-configuration,
 * no web server, nothing else that would keep the JVM alive. Its main method returns once the
 * context has started, after printing {@code STARTED}; a {@code stop} line on stdin closes the
 * context (read by a daemon thread, which keeps nothing alive).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class KeepAliveApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(KeepAliveApplication.class)
			.web(WebApplicationType.NONE)
			.run(args);
		Thread stdin = new Thread(() -> closeOnStop(context), "stdin");
		stdin.setDaemon(true);
		stdin.start();
		System.out.println("STARTED");
	}

	private static void closeOnStop(ConfigurableApplicationContext context) {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (line.equals("stop")) {
					context.close();
					return;
				}
			}
		}
		catch (IOException ex) {
			// the test is gone
		}
	}

}
