package dev.llmcost.observation;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Derives the low-cardinality {@code error.type} of a failed call: the HTTP error status
 * the provider answered with when the failure carries one (so rate limits show as
 * {@code 429}, whichever client made the call), else the exception's class name. Never
 * the message, which holds request-specific text. A status that is not an error (the
 * {@code 200} of a stream that later sent an {@code error} event) says nothing about the
 * failure, so the class name is used instead.
 *
 * @author llm-cost contributors
 */
final class ErrorTypes {

	/**
	 * The value for a call that did not fail.
	 */
	static final String NONE = "none";

	// The OpenAI and Anthropic SDKs' statusCode(), Spring's getStatusCode() and
	// getRawStatusCode(), JAX-RS style status(), and the Google Gen AI SDK's code() (its
	// status() is the text RESOURCE_EXHAUSTED, which is not a status).
	private static final String[] STATUS_METHODS = { "statusCode", "getStatusCode", "getRawStatusCode", "status",
			"code" };

	private static final int MAX_CAUSES = 5;

	private ErrorTypes() {
	}

	static String of(@Nullable Throwable error) {
		if (error == null) {
			return NONE;
		}
		Throwable candidate = error;
		for (int depth = 0; candidate != null && depth < MAX_CAUSES; depth++) {
			Integer status = httpStatus(candidate);
			if (status != null) {
				return Integer.toString(status);
			}
			candidate = candidate.getCause();
		}
		return className(error);
	}

	/**
	 * Return the simple name of an exception's class, or of its nearest named superclass
	 * for an anonymous class: a tag value must never be empty.
	 * @param error the exception
	 * @return the name
	 */
	static String className(Throwable error) {
		Class<?> type = error.getClass();
		while (type.getSimpleName().isEmpty() && type.getSuperclass() != null) {
			type = type.getSuperclass();
		}
		return type.getSimpleName();
	}

	/**
	 * Read the status of the HTTP clients' exceptions (the OpenAI SDK's
	 * {@code statusCode()}, Spring's {@code getStatusCode()}, the Google Gen AI SDK's
	 * {@code code()}) without depending on them; this runs only for failed calls. A value
	 * outside 400-599 is not taken for a status.
	 */
	private static @Nullable Integer httpStatus(Throwable error) {
		for (String name : STATUS_METHODS) {
			try {
				Object value = invokePublic(error, name);
				Integer status = asStatus(value);
				if (status != null) {
					return status;
				}
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				// not a method of this exception, or not a status: try the next
			}
		}
		return null;
	}

	/**
	 * Invoke a public method through a public type that declares it: the runtime class
	 * may not be public (Spring's status code for a status without an {@code HttpStatus}
	 * constant, 529 say, is package-private).
	 */
	private static @Nullable Object invokePublic(Object target, String name) throws ReflectiveOperationException {
		Method method = target.getClass().getMethod(name);
		return ClassUtils.getPubliclyAccessibleMethodIfPossible(method, target.getClass()).invoke(target);
	}

	private static @Nullable Integer asStatus(@Nullable Object value) {
		if (value instanceof Integer code && code >= 400 && code <= 599) {
			return code;
		}
		if (value != null) {
			try {
				return asStatus(invokePublic(value, "value"));
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
		}
		return null;
	}

}
