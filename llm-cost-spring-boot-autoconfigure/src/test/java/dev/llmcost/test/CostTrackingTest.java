package dev.llmcost.test;

import dev.llmcost.testsupport.OpenAiWireServer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test of {@link CostTestApplication}, a plain application with the OpenAI client and
 * the starter, running on a random port with its OpenAI client pointed at the shared
 * {@link OpenAiWireServer}. Tests with the same properties share one application context:
 * they use feature names of their own, so that what one records never shows in another's
 * assertions.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = CostTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = OpenAiWireServerInitializer.class)
public @interface CostTrackingTest {

	/**
	 * Properties of this test's application, in {@code key=value} form.
	 * @return the properties
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};

}
