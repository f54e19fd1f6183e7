package dev.llmcost.pricing;

/**
 * How a name that comes from outside the application (a model name in a provider's
 * response, an entry name in a downloaded price catalog) is written into a log line: a
 * broken or hostile name must stay on one short line, so control characters are escaped
 * and long names are cut.
 *
 * @author llm-cost contributors
 */
public final class LoggableNames {

	/**
	 * The characters of a name that are logged; realistic model names have tens.
	 */
	public static final int MAX_LENGTH = 200;

	private LoggableNames() {
	}

	/**
	 * Return a name as it may be logged: backslashes, line breaks and other control
	 * characters escaped as in Java source ({@code \\}, {@code \n}, other control,
	 * separator and format characters as Unicode escapes), and a name longer than
	 * {@value #MAX_LENGTH} characters cut, followed by its length.
	 * @param name the name
	 * @return the name to log
	 */
	public static String of(String name) {
		int length = Math.min(name.length(), MAX_LENGTH);
		StringBuilder loggable = new StringBuilder(length + 16);
		for (int i = 0; i < length; i++) {
			char c = name.charAt(i);
			switch (c) {
				case '\\' -> loggable.append("\\\\");
				case '\n' -> loggable.append("\\n");
				case '\r' -> loggable.append("\\r");
				default -> loggable.append(isInvisible(c) ? String.format("\\u%04x", (int) c) : c);
			}
		}
		if (name.length() > length) {
			loggable.append("... (").append(name.length()).append(" characters)");
		}
		return loggable.toString();
	}

	/**
	 * Return whether a character would break or disguise a log line: control characters,
	 * the Unicode line and paragraph separators, which some viewers break lines at, and
	 * format characters such as the right-to-left override, which reorder what a reader
	 * sees.
	 */
	private static boolean isInvisible(char c) {
		int type = Character.getType(c);
		return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
				|| type == Character.FORMAT;
	}

}
