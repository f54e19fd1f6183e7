package dev.llmcost.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Attributes every model call made while the annotated method runs to the named feature.
 * <p>
 * May be placed on a method or on a class (applies to all its public methods); an
 * annotation on the method wins over one on its class. Methods returning {@code Mono} or
 * {@code Flux} carry the feature in the Reactor context, so a stream subscribed after the
 * method returned is still attributed. When annotated methods call each other, the
 * innermost feature wins and the outer one is restored on return.
 * <p>
 * Feature names become meter tags: they are trimmed, reduced to at most 64 characters of
 * {@code [A-Za-z0-9._-]}, and bounded in number by
 * {@code llm.cost.attribution.max-features}.
 * <p>
 * The {@link #team() team} that owns the feature may be named here or, for every call of
 * the feature, with {@code llm.cost.features.<feature>.team}; the annotation wins for the
 * calls of its methods.
 *
 * @author llm-cost contributors
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface LlmFeature {

	/**
	 * The feature name, for example {@code "document-summary"}.
	 * @return the feature name
	 */
	String value();

	/**
	 * The team that owns the feature, for example {@code "search"}; empty (the default)
	 * for the team {@code llm.cost.features.<feature>.team} names, if any.
	 * @return the team, or an empty string
	 */
	String team() default "";

}
