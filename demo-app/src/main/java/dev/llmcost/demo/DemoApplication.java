package dev.llmcost.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The llm-cost demo: Spring AI features on the real OpenAI client, costed per feature.
 * <p>
 * By default the client talks to the OpenAI simulator started inside the application (no
 * API key, no network); the {@code openai} profile uses the real API.
 *
 * @author llm-cost contributors
 */
@SpringBootApplication
public class DemoApplication {

	/**
	 * Run the demo.
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
