package dev.ipcsocket.sample.quickstart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The README's quick start as a user pastes it: this class and {@link Siblings}, with the one
 * property in {@code quickstart.properties}. {@code QuickStartIT} runs two of them.
 */
@SpringBootApplication
public class QuickStartApplication {

	public static void main(String[] args) {
		SpringApplication.run(QuickStartApplication.class, args);
	}

}
