package dev.llmcost.pricing.source;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Takes the credentials of a {@link CatalogSource} out of everything shown about it: its
 * location, and the messages of the exceptions its loads fail with, which quote URLs (the
 * JDK's HTTP client and URI parser quote the whole location).
 * <p>
 * It works on strings, never on a parsed {@code URI}: the locations that most need it are
 * those that do not parse (a space in a password, an underscore in a host name).
 *
 * @author llm-cost contributors
 */
final class CredentialRedactor {

	/**
	 * What replaces a credential found in a message.
	 */
	static final String MASK = "******";

	/**
	 * Credentials shorter than this are not searched for in messages, where they would
	 * mask ordinary words and numbers ("HTTP 404"); URLs in messages lose their user info
	 * and query whatever their length.
	 */
	private static final int MIN_SECRET_LENGTH = 4;

	private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>]+");

	private final String location;

	private final String displayLocation;

	private final List<String> secrets;

	/**
	 * Create a redactor for one source.
	 * @param location the location as configured
	 * @param headers the headers sent with its requests, whose values are all secret
	 * @param extraSecrets other values derived from the credentials, such as an encoded
	 * {@code Authorization} value
	 */
	CredentialRedactor(String location, Map<String, String> headers, List<String> extraSecrets) {
		this.location = location;
		this.displayLocation = displayLocation(location);
		Set<String> found = new LinkedHashSet<>();
		Parts parts = Parts.of(location);
		if (parts != null) {
			addWithDecoded(found, parts.userInfo());
			String userInfo = parts.userInfo();
			if (userInfo != null && userInfo.indexOf(':') >= 0) {
				addWithDecoded(found, userInfo.substring(userInfo.indexOf(':') + 1));
			}
			addWithDecoded(found, parts.query());
			if (parts.query() != null) {
				for (String parameter : parts.query().split("[&;]")) {
					addWithDecoded(found, parameter.substring(parameter.indexOf('=') + 1));
				}
			}
			addWithDecoded(found, parts.fragment());
		}
		headers.values().forEach((value) -> addHeaderValue(found, value));
		extraSecrets.forEach((value) -> addHeaderValue(found, value));
		List<String> sorted = new ArrayList<>(found);
		// Longest first, so that a credential is masked whole before a part of it is.
		sorted.sort(Comparator.comparingInt(String::length).reversed());
		this.secrets = List.copyOf(sorted);
	}

	/**
	 * Return the location fit to be shown.
	 * @return the location without credentials
	 * @see #displayLocation(String)
	 */
	String displayLocation() {
		return this.displayLocation;
	}

	/**
	 * Return a text fit to be shown: the location as configured replaced by
	 * {@link #displayLocation()}, every credential of the source masked, and every URL
	 * without user info, query and fragment.
	 * @param text a text, usually the message of an exception
	 * @return the text without credentials
	 */
	String redact(String text) {
		String redacted = text.replace(this.location, this.displayLocation);
		for (String secret : this.secrets) {
			redacted = redacted.replace(secret, MASK);
		}
		Matcher urls = URL.matcher(redacted);
		StringBuilder result = new StringBuilder();
		while (urls.find()) {
			urls.appendReplacement(result, Matcher.quoteReplacement(displayLocation(urls.group())));
		}
		urls.appendTail(result);
		return result.toString();
	}

	/**
	 * Return a location without the parts that may hold credentials. A location with a
	 * scheme followed by {@code ://} (any case) loses its user info, query and fragment
	 * and has its scheme in lower case; other locations (file paths, {@code classpath:})
	 * are returned as they are.
	 * <p>
	 * A valid URL's user info is what precedes the {@code @} of its authority. A location
	 * that is not valid is read so that no part of a password shows: an unencoded
	 * {@code /}, {@code @}, {@code ?} or {@code #} in a password does not end it, so a
	 * {@code user:password} form runs to the last {@code @} before the query, or after it
	 * when the query would start inside the password. The price is that a valid URL with
	 * both user info and an {@code @} in its path is shown from that {@code @} on.
	 * @param location a location as configured
	 * @return the location to show
	 */
	static String displayLocation(String location) {
		Parts parts = Parts.of(location);
		return (parts != null) ? parts.scheme() + "://" + parts.hostAndPath() : location;
	}

	/**
	 * Return whether a location has user info, read as {@link #displayLocation(String)}
	 * reads it.
	 * @param location a location as configured
	 * @return whether it has user info
	 */
	static boolean hasUserInfo(String location) {
		Parts parts = Parts.of(location);
		return parts != null && parts.userInfo() != null;
	}

	private static void addWithDecoded(Set<String> secrets, @Nullable String value) {
		if (value != null) {
			add(secrets, value);
			add(secrets, percentDecoded(value));
			add(secrets, percentDecoded(value.replace('+', ' ')));
		}
	}

	/**
	 * Add a header value, and its credentials alone when it starts with a scheme
	 * ({@code Bearer ...}), which alone is no secret.
	 */
	private static void addHeaderValue(Set<String> secrets, String value) {
		String[] parts = value.strip().split("\\s+");
		add(secrets, value.strip());
		for (int i = 1; i < parts.length; i++) {
			add(secrets, parts[i]);
		}
	}

	private static void add(Set<String> secrets, String value) {
		if (value.length() >= MIN_SECRET_LENGTH) {
			secrets.add(value);
		}
	}

	private static String percentDecoded(String value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
				bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static boolean isHex(char c) {
		return Character.digit(c, 16) >= 0;
	}

	/**
	 * A location split at string level:
	 * {@code scheme://[userInfo@]hostAndPath[?query][#fragment]}.
	 */
	private record Parts(String scheme, @Nullable String userInfo, String hostAndPath, @Nullable String query,
			@Nullable String fragment) {

		static @Nullable Parts of(String location) {
			int schemeEnd = location.indexOf("://");
			if (schemeEnd <= 0 || !location.substring(0, schemeEnd).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
				return null;
			}
			String scheme = location.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
			String rest = location.substring(schemeEnd + 3);
			int userInfoEnd = userInfoEnd(rest);
			String userInfo = (userInfoEnd >= 0) ? rest.substring(0, userInfoEnd) : null;
			String afterUserInfo = rest.substring(userInfoEnd + 1);
			int fragmentStart = afterUserInfo.indexOf('#');
			String fragment = (fragmentStart >= 0) ? afterUserInfo.substring(fragmentStart + 1) : null;
			String beforeFragment = (fragmentStart >= 0) ? afterUserInfo.substring(0, fragmentStart) : afterUserInfo;
			int queryStart = beforeFragment.indexOf('?');
			String query = (queryStart >= 0) ? beforeFragment.substring(queryStart + 1) : null;
			String hostAndPath = (queryStart >= 0) ? beforeFragment.substring(0, queryStart) : beforeFragment;
			return new Parts(scheme, userInfo, hostAndPath, query, fragment);
		}

		/**
		 * Return the index of the {@code @} that ends the user info of what follows
		 * {@code ://}, or -1.
		 */
		private static int userInfoEnd(String rest) {
			int queryStart = indexOfAny(rest, "?#");
			String beforeQuery = (queryStart >= 0) ? rest.substring(0, queryStart) : rest;
			int lastAt = beforeQuery.lastIndexOf('@');
			if (lastAt >= 0 && (beforeQuery.lastIndexOf('/', lastAt) < 0 || hasPassword(beforeQuery))) {
				return lastAt;
			}
			int authorityEnd = beforeQuery.indexOf('/');
			int authorityAt = beforeQuery.lastIndexOf('@', (authorityEnd >= 0) ? authorityEnd : beforeQuery.length());
			if (authorityAt >= 0) {
				return authorityAt;
			}
			// An unencoded '?' or '#' in a password: the user info runs to an '@' after
			// it.
			if (queryStart >= 0 && rest.indexOf('@', queryStart) >= 0 && hasPassword(beforeQuery)) {
				return rest.lastIndexOf('@');
			}
			return -1;
		}

		/**
		 * Return whether text starts with an authority of the form {@code user:password},
		 * not {@code host:port}.
		 */
		private static boolean hasPassword(String text) {
			int authorityEnd = text.indexOf('/');
			String authority = (authorityEnd >= 0) ? text.substring(0, authorityEnd) : text;
			int colon = authority.indexOf(':');
			return colon >= 0 && !authority.startsWith("[") && !authority.substring(colon + 1).matches("\\d*");
		}

		private static int indexOfAny(String text, String characters) {
			for (int i = 0; i < text.length(); i++) {
				if (characters.indexOf(text.charAt(i)) >= 0) {
					return i;
				}
			}
			return -1;
		}

	}

}
