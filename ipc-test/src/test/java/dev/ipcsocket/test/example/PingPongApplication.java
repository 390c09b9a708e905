package dev.ipcsocket.test.example;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application under test in the README's test-support example.
 */
@SpringBootApplication
public class PingPongApplication {

}
