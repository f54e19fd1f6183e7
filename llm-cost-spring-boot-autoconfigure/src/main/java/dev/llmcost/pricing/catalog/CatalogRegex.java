package dev.llmcost.pricing.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.llmcost.pricing.PriceList.NameRule;

/**
 * A regular expression of a price catalog's name rule (genai-prices' {@code {"regex":
 * ...}} clause), searched for in model names in time linear in the name.
 * <p>
 * Names are matched on the caller's thread, and a catalog comes from a file or a URL that
 * someone else may write. {@code java.util.regex} backtracks: {@code ^((a+)\2?)+$}
 * against 25 characters takes seconds, and some patterns take exponential time without
 * reading the name at all, so no budget on the reads of the name bounds it. This class
 * therefore runs its own automaton over the regular part of Java's syntax, each character
 * of the name advancing every live state once: a search costs at most
 * {@value #MAX_STATES} states times the name's length, whatever the pattern.
 * <p>
 * What it matches is what {@link java.util.regex.Matcher#find()} finds: the pattern is
 * first compiled by {@link Pattern}, so invalid syntax is reported as before, and then
 * read here. Constructs that need backtracking or that it does not implement are rejected
 * with a message saying which: back-references, lookaround, atomic groups, possessive
 * quantifiers, inline flags, word boundaries, Unicode properties, nested classes and
 * class intersections, {@code \Q...\E} quoting, characters outside the Basic Multilingual
 * Plane, and anchors in a group repeated more than once. Supported: literals and escapes
 * ({@code \t}, {@code \n}, {@code \r}, {@code \f}, {@code \a}, {@code \e}, {@code \xhh},
 * {@code \x{h...}}, {@code \}{@code uhhhh}, {@code \0ooo}, {@code \cX}, escaped
 * punctuation), {@code .}, classes with ranges and negation, {@code \d}, {@code \D},
 * {@code \w}, {@code \W}, {@code \s}, {@code \S}, groups ({@code (...)}, {@code (?:...)},
 * {@code (?<name>...)}), alternation, greedy and lazy quantifiers ({@code ?}, {@code *},
 * {@code +}, {@code {n}}, {@code {n,}}, {@code {n,m}}), and the anchors {@code ^},
 * {@code $}, {@code \A}, {@code \z}, {@code \Z}.
 *
 * @author llm-cost contributors
 */
final class CatalogRegex implements Predicate<String> {

	/**
	 * The longest pattern accepted, in characters; genai-prices' own are under 50.
	 */
	static final int MAX_LENGTH = 1_000;

	/**
	 * The most automaton states a pattern may compile to: a bound on the work per
	 * character of a name ({@code \d{8}} is 8 states, {@code x{1,100}} 200).
	 */
	static final int MAX_STATES = 2_000;

	/**
	 * Names longer than this never match, as name rules are not tried on them: the bound
	 * keeps a search at most {@code MAX_STATES × MAX_NAME_LENGTH} steps.
	 */
	static final int MAX_NAME_LENGTH = NameRule.MAX_NAME_LENGTH;

	private static final int MATCH = 0;

	private static final int CHARS = 1;

	private static final int SPLIT = 2;

	private static final int ASSERT = 3;

	// Assertions, with the meaning java.util.regex gives them without flags.
	private static final int BEGIN = 0;

	private static final int END = 1;

	private static final int END_BEFORE_LINE_TERMINATOR = 2;

	private final String regex;

	// The automaton, one entry per state: what it does, its argument (a class or an
	// assertion), where it goes, and a split's other way.
	private final int[] op;

	private final int[] arg;

	private final int[] out;

	private final int[] alt;

	private final CodePointSet[] classes;

	private final int start;

	private CatalogRegex(String regex, Node root) {
		this.regex = regex;
		int size = root.size() + 1;
		this.op = new int[size];
		this.arg = new int[size];
		this.out = new int[size];
		this.alt = new int[size];
		List<CodePointSet> classes = new ArrayList<>();
		Builder builder = new Builder(classes);
		int match = builder.add(MATCH, 0, -1, -1);
		this.start = builder.compile(root, match);
		this.classes = classes.toArray(new CodePointSet[0]);
	}

	/**
	 * Compile a catalog's regular expression.
	 * @param regex the pattern as written in the catalog
	 * @return the compiled pattern
	 * @throws PatternSyntaxException if it is not a valid Java regular expression
	 * @throws IllegalArgumentException if it is valid but longer than
	 * {@value #MAX_LENGTH} characters, uses a construct this class does not match, or
	 * needs more than {@value #MAX_STATES} states; the message says which
	 */
	static CatalogRegex compile(String regex) {
		if (regex.length() > MAX_LENGTH) {
			throw rejected(regex, "is longer than the " + MAX_LENGTH + " characters a price catalog regex may have");
		}
		Pattern.compile(regex);
		Node root;
		try {
			root = new Parser(regex).parse();
		}
		catch (IllegalArgumentException ex) {
			throw rejected(regex, ex.getMessage()
					+ ", which price catalog regexes do not support (they are matched in time linear in the name)");
		}
		if (root.size() + 1 > MAX_STATES) {
			throw rejected(regex, "needs more than the " + MAX_STATES
					+ " states a price catalog regex may have for its repetitions (x{1,100} needs 200)");
		}
		return new CatalogRegex(regex, root);
	}

	/**
	 * Return the number of automaton states of the pattern: each character of a name
	 * advances at most this many.
	 * @return the number of states
	 */
	int states() {
		return this.op.length;
	}

	private static IllegalArgumentException rejected(String regex, String reason) {
		return new IllegalArgumentException("the regex of " + regex.length() + " characters " + reason);
	}

	/**
	 * Return whether the pattern is found in a name, as
	 * {@link java.util.regex.Matcher#find()} would; a name longer than
	 * {@value #MAX_NAME_LENGTH} characters never matches.
	 * @param name the name
	 * @return whether the pattern occurs in it
	 */
	@Override
	public boolean test(String name) {
		return find(name);
	}

	/**
	 * Search a name, reading it only through {@link CharSequence#charAt} and
	 * {@link CharSequence#length}, each character once (and the last two again for
	 * {@code $}).
	 * @param name the name
	 * @return whether the pattern occurs in it
	 */
	boolean find(CharSequence name) {
		int length = name.length();
		if (length > MAX_NAME_LENGTH) {
			return false;
		}
		// A character outside the Basic Multilingual Plane is two chars: the states
		// reached by reading it wait a position more, so there are three lists.
		int states = this.op.length;
		int[][] lists = new int[3][states];
		int[] sizes = new int[3];
		int[][] marks = new int[3][states];
		int[] stack = new int[states];
		for (int position = 0; position <= length; position++) {
			int slot = position % 3;
			// As Matcher.find() tries a match from every index, a new one starts here.
			if (close(this.start, position, name, lists[slot], sizes, slot, marks[slot], stack)) {
				return true;
			}
			if (position == length) {
				break;
			}
			int codePoint = Character.codePointAt(name, position);
			int next = position + Character.charCount(codePoint);
			int nextSlot = next % 3;
			for (int i = 0; i < sizes[slot]; i++) {
				int state = lists[slot][i];
				if (this.classes[this.arg[state]].contains(codePoint) && close(this.out[state], next, name,
						lists[nextSlot], sizes, nextSlot, marks[nextSlot], stack)) {
					return true;
				}
			}
			sizes[slot] = 0;
		}
		return false;
	}

	/**
	 * Add a state and every state it reaches without reading to a position's list.
	 * @return whether the match state was reached
	 */
	private boolean close(int state, int position, CharSequence name, int[] list, int[] sizes, int slot, int[] marks,
			int[] stack) {
		// A mark is the position plus one, so that the zeroed array marks nothing.
		int mark = position + 1;
		if (marks[state] == mark) {
			return false;
		}
		marks[state] = mark;
		int top = 0;
		stack[top++] = state;
		while (top > 0) {
			int current = stack[--top];
			switch (this.op[current]) {
				case MATCH -> {
					return true;
				}
				case CHARS -> list[sizes[slot]++] = current;
				case SPLIT -> {
					top = push(this.out[current], mark, marks, stack, top);
					top = push(this.alt[current], mark, marks, stack, top);
				}
				default -> {
					if (holds(this.arg[current], position, name)) {
						top = push(this.out[current], mark, marks, stack, top);
					}
				}
			}
		}
		return false;
	}

	private static int push(int state, int mark, int[] marks, int[] stack, int top) {
		if (marks[state] == mark) {
			return top;
		}
		marks[state] = mark;
		stack[top] = state;
		return top + 1;
	}

	/**
	 * Evaluate an assertion as java.util.regex does without flags: {@code $} and
	 * {@code \Z} also hold before a line terminator that ends the input, but not between
	 * {@code \r} and {@code \n}.
	 */
	private static boolean holds(int assertion, int position, CharSequence name) {
		int length = name.length();
		return switch (assertion) {
			case BEGIN -> position == 0;
			case END -> position == length;
			default -> {
				if (position == length) {
					yield true;
				}
				if (position == length - 2) {
					yield name.charAt(position) == '\r' && name.charAt(position + 1) == '\n';
				}
				if (position == length - 1) {
					char c = name.charAt(position);
					if (c == '\n') {
						yield position == 0 || name.charAt(position - 1) != '\r';
					}
					yield c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
				}
				yield false;
			}
		};
	}

	@Override
	public String toString() {
		return this.regex;
	}

	/**
	 * Builds the automaton backwards: each node is compiled knowing the state that
	 * follows it, so no state needs patching.
	 */
	private final class Builder {

		private final List<CodePointSet> classes;

		private int size;

		Builder(List<CodePointSet> classes) {
			this.classes = classes;
		}

		int add(int op, int arg, int out, int alt) {
			int state = this.size++;
			CatalogRegex.this.op[state] = op;
			CatalogRegex.this.arg[state] = arg;
			CatalogRegex.this.out[state] = out;
			CatalogRegex.this.alt[state] = alt;
			return state;
		}

		int compile(Node node, int next) {
			if (node instanceof Chars chars) {
				this.classes.add(chars.set());
				return add(CHARS, this.classes.size() - 1, next, -1);
			}
			if (node instanceof Assertion assertion) {
				return add(ASSERT, assertion.kind(), next, -1);
			}
			if (node instanceof Sequence sequence) {
				int state = next;
				for (int i = sequence.items().size() - 1; i >= 0; i--) {
					state = compile(sequence.items().get(i), state);
				}
				return state;
			}
			if (node instanceof Alternation alternation) {
				List<Node> alternatives = alternation.alternatives();
				int state = compile(alternatives.get(alternatives.size() - 1), next);
				for (int i = alternatives.size() - 2; i >= 0; i--) {
					state = add(SPLIT, 0, compile(alternatives.get(i), next), state);
				}
				return state;
			}
			Repeat repeat = (Repeat) node;
			int state = next;
			if (repeat.max() < 0) {
				int loop = add(SPLIT, 0, -1, next);
				CatalogRegex.this.out[loop] = compile(repeat.node(), loop);
				state = loop;
			}
			else {
				// x{2,4} is x x x? x?, each optional copy skipping to what follows it
				for (int i = repeat.min(); i < repeat.max(); i++) {
					state = add(SPLIT, 0, compile(repeat.node(), state), state);
				}
			}
			for (int i = 0; i < repeat.min(); i++) {
				state = compile(repeat.node(), state);
			}
			return state;
		}

	}

	/**
	 * Reads a pattern that {@link Pattern} has accepted into {@link Node nodes},
	 * rejecting what is not supported.
	 */
	private static final class Parser {

		private final String regex;

		private int index;

		Parser(String regex) {
			this.regex = regex;
		}

		Node parse() {
			Node node = alternation();
			if (this.index < this.regex.length()) {
				throw unsupported("an unmatched ')'");
			}
			return node;
		}

		private Node alternation() {
			List<Node> alternatives = new ArrayList<>();
			alternatives.add(sequence());
			while (peek('|')) {
				this.index++;
				alternatives.add(sequence());
			}
			return (alternatives.size() == 1) ? alternatives.get(0) : new Alternation(alternatives);
		}

		private Node sequence() {
			List<Node> items = new ArrayList<>();
			while (this.index < this.regex.length() && !peek('|') && !peek(')')) {
				items.add(quantified());
			}
			return (items.size() == 1) ? items.get(0) : new Sequence(items);
		}

		private Node quantified() {
			Node atom = atom();
			int at = this.index;
			int min;
			int max;
			if (peek('?')) {
				min = 0;
				max = 1;
				this.index++;
			}
			else if (peek('*')) {
				min = 0;
				max = -1;
				this.index++;
			}
			else if (peek('+')) {
				min = 1;
				max = -1;
				this.index++;
			}
			else if (peek('{')) {
				this.index++;
				min = number();
				max = min;
				if (peek(',')) {
					this.index++;
					max = peek('}') ? -1 : number();
				}
				this.index++;
			}
			else {
				return atom;
			}
			// A lazy quantifier finds the same names; a possessive one would not.
			if (peek('?')) {
				this.index++;
			}
			else if (peek('+')) {
				throw unsupported("a possessive quantifier");
			}
			if (peek('?') || peek('*') || peek('+') || peek('{')) {
				throw unsupported("a quantifier on a quantifier");
			}
			// Pattern ends a repetition at its first empty iteration, even below its
			// minimum. Without anchors that changes nothing (an empty iteration can come
			// last), with them it does: the automaton would find (?:^a?){2}b in "ab", an
			// empty iteration then "a", where Pattern finds nothing.
			if ((max < 0 || max > 1) && atom.hasAssertion()) {
				this.index = at;
				throw unsupported("an anchor in a group repeated more than once");
			}
			return new Repeat(atom, min, max);
		}

		private int number() {
			int from = this.index;
			while (this.index < this.regex.length() && Character.isDigit(this.regex.charAt(this.index))) {
				this.index++;
			}
			// Pattern accepted it, so it fits an int.
			return Integer.parseInt(this.regex, from, this.index, 10);
		}

		private Node atom() {
			char c = this.regex.charAt(this.index);
			return switch (c) {
				case '(' -> group();
				case '[' -> characterClass();
				case '\\' -> escape();
				case '.' -> {
					this.index++;
					yield new Chars(CodePointSet.DOT);
				}
				case '^' -> {
					this.index++;
					yield new Assertion(BEGIN);
				}
				case '$' -> {
					this.index++;
					yield new Assertion(END_BEFORE_LINE_TERMINATOR);
				}
				case '*', '+', '?', '{' -> throw unsupported("a quantifier with nothing to repeat");
				default -> new Chars(CodePointSet.of(literal()));
			};
		}

		private Node group() {
			int at = this.index++;
			if (peek('?')) {
				this.index++;
				if (peek(':')) {
					this.index++;
				}
				else if (peek('<') && this.index + 1 < this.regex.length()
						&& Character.isLetter(this.regex.charAt(this.index + 1))) {
					this.index = this.regex.indexOf('>', this.index) + 1;
				}
				else {
					this.index = at;
					throw unsupported(groupKind());
				}
			}
			Node content = alternation();
			if (!peek(')')) {
				throw unsupported("an unclosed group");
			}
			this.index++;
			return content;
		}

		private String groupKind() {
			String rest = this.regex.substring(this.index);
			if (rest.startsWith("(?=") || rest.startsWith("(?!")) {
				return "a lookahead";
			}
			if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) {
				return "a lookbehind";
			}
			if (rest.startsWith("(?>")) {
				return "an atomic group";
			}
			return "inline flags";
		}

		private Node escape() {
			int at = this.index;
			char c = this.regex.charAt(this.index + 1);
			return switch (c) {
				case 'A' -> {
					this.index += 2;
					yield new Assertion(BEGIN);
				}
				case 'z' -> {
					this.index += 2;
					yield new Assertion(END);
				}
				case 'Z' -> {
					this.index += 2;
					yield new Assertion(END_BEFORE_LINE_TERMINATOR);
				}
				case 'Q' -> throw unsupported("\\Q...\\E quoting");
				default -> {
					CodePointSet predefined = predefinedClass();
					if (predefined != null) {
						yield new Chars(predefined);
					}
					this.index = at;
					yield new Chars(CodePointSet.of(literal()));
				}
			};
		}

		/**
		 * Read {@code \d \D \w \W \s \S} at the index, if there.
		 * @return the class, or {@code null} if the index is not at one
		 */
		private CodePointSet predefinedClass() {
			if (this.regex.charAt(this.index) != '\\') {
				return null;
			}
			CodePointSet set = switch (this.regex.charAt(this.index + 1)) {
				case 'd', 'D' -> CodePointSet.DIGIT;
				case 'w', 'W' -> CodePointSet.WORD;
				case 's', 'S' -> CodePointSet.SPACE;
				default -> null;
			};
			if (set == null) {
				return null;
			}
			boolean negated = Character.isUpperCase(this.regex.charAt(this.index + 1));
			this.index += 2;
			return negated ? set.negate() : set;
		}

		/**
		 * Read one character, written as is or escaped.
		 * @return its code point
		 */
		private int literal() {
			int at = this.index;
			char c = this.regex.charAt(this.index++);
			int codePoint = (c != '\\') ? c : escapedCharacter(at);
			if (Character.isSurrogate(c) || Character.isSupplementaryCodePoint(codePoint)
					|| Character.isSurrogate((char) codePoint)) {
				this.index = at;
				throw unsupported("a character outside the Basic Multilingual Plane");
			}
			return codePoint;
		}

		private int escapedCharacter(int at) {
			char c = this.regex.charAt(this.index++);
			return switch (c) {
				case 't' -> '\t';
				case 'n' -> '\n';
				case 'r' -> '\r';
				case 'f' -> '\f';
				case 'a' -> '\u0007';
				case 'e' -> '\u001B';
				case 'c' -> this.regex.charAt(this.index++) ^ 64;
				case 'x' -> {
					if (peek('{')) {
						int end = this.regex.indexOf('}', this.index);
						int codePoint = Integer.parseInt(this.regex, this.index + 1, end, 16);
						this.index = end + 1;
						yield codePoint;
					}
					this.index += 2;
					yield Integer.parseInt(this.regex, this.index - 2, this.index, 16);
				}
				case 'u' -> {
					this.index += 4;
					yield Integer.parseInt(this.regex, this.index - 4, this.index, 16);
				}
				case '0' -> octal();
				default -> {
					if (Character.isLetterOrDigit(c)) {
						this.index = at;
						throw unsupported(escapeKind(c));
					}
					yield c;
				}
			};
		}

		/**
		 * Read the digits of {@code \0n}, {@code \0nn} or {@code \0mnn} (m at most 3), as
		 * Pattern does.
		 */
		private int octal() {
			int value = this.regex.charAt(this.index++) - '0';
			if (isOctal(this.index)) {
				value = value * 8 + (this.regex.charAt(this.index++) - '0');
				if (isOctal(this.index) && value < 32) {
					value = value * 8 + (this.regex.charAt(this.index++) - '0');
				}
			}
			return value;
		}

		private boolean isOctal(int index) {
			return index < this.regex.length() && this.regex.charAt(index) >= '0' && this.regex.charAt(index) <= '7';
		}

		private static String escapeKind(char c) {
			if (c >= '1' && c <= '9' || c == 'k') {
				return "a back-reference";
			}
			if (c == 'b' || c == 'B') {
				return "a word boundary";
			}
			if (c == 'p' || c == 'P') {
				return "a Unicode property";
			}
			return "the escape \\" + c;
		}

		private Node characterClass() {
			int at = this.index++;
			boolean negated = peek('^');
			if (negated) {
				this.index++;
			}
			if (peek(']')) {
				this.index = at;
				throw unsupported("a character class starting with ']'");
			}
			CodePointSet.Builder set = new CodePointSet.Builder();
			while (!peek(']')) {
				if (peek('[')) {
					throw unsupported("a nested character class");
				}
				if (this.regex.startsWith("&&", this.index)) {
					throw unsupported("a character class intersection");
				}
				if (this.regex.startsWith("\\Q", this.index)) {
					throw unsupported("\\Q...\\E quoting");
				}
				CodePointSet predefined = predefinedClass();
				if (predefined != null) {
					set.add(predefined);
					continue;
				}
				int from = literal();
				// As in Pattern, a '-' before ']' is itself, and so is one after a range.
				if (peek('-') && this.index + 1 < this.regex.length() && this.regex.charAt(this.index + 1) != ']') {
					this.index++;
					if (peek('[')) {
						throw unsupported("a nested character class");
					}
					set.add(from, literal());
				}
				else {
					set.add(from, from);
				}
			}
			this.index++;
			CodePointSet result = set.build();
			return new Chars(negated ? result.negate() : result);
		}

		private boolean peek(char c) {
			return this.index < this.regex.length() && this.regex.charAt(this.index) == c;
		}

		private IllegalArgumentException unsupported(String what) {
			return new IllegalArgumentException("uses " + what + " at index " + this.index);
		}

	}

	/**
	 * A part of a pattern.
	 */
	private sealed interface Node permits Chars, Assertion, Sequence, Alternation, Repeat {

		/**
		 * Return the number of states the node compiles to, at most
		 * {@code MAX_STATES + 1}, so that a repetition of a repetition cannot overflow.
		 */
		int size();

		/**
		 * Return whether the node holds an anchor ({@code ^ $ \A \z \Z}).
		 */
		default boolean hasAssertion() {
			return false;
		}

	}

	private record Chars(CodePointSet set) implements Node {

		@Override
		public int size() {
			return 1;
		}

	}

	private record Assertion(int kind) implements Node {

		@Override
		public int size() {
			return 1;
		}

		@Override
		public boolean hasAssertion() {
			return true;
		}

	}

	private record Sequence(List<Node> items) implements Node {

		@Override
		public int size() {
			long size = 0;
			for (Node item : this.items) {
				size += item.size();
			}
			return capped(size);
		}

		@Override
		public boolean hasAssertion() {
			return this.items.stream().anyMatch(Node::hasAssertion);
		}

	}

	private record Alternation(List<Node> alternatives) implements Node {

		@Override
		public int size() {
			long size = this.alternatives.size() - 1;
			for (Node alternative : this.alternatives) {
				size += alternative.size();
			}
			return capped(size);
		}

		@Override
		public boolean hasAssertion() {
			return this.alternatives.stream().anyMatch(Node::hasAssertion);
		}

	}

	/**
	 * A repetition.
	 *
	 * @param node what is repeated
	 * @param min the fewest times
	 * @param max the most times, or {@code -1} for no limit
	 */
	private record Repeat(Node node, int min, int max) implements Node {

		@Override
		public int size() {
			long node = this.node.size();
			long size = (this.max < 0) ? this.min * node + node + 1
					: this.min * node + ((long) this.max - this.min) * (node + 1);
			return capped(size);
		}

		@Override
		public boolean hasAssertion() {
			return this.node.hasAssertion();
		}

	}

	private static int capped(long size) {
		return (int) Math.min(size, MAX_STATES + 1);
	}

	/**
	 * A set of code points, as sorted, disjoint ranges.
	 */
	private static final class CodePointSet {

		static final CodePointSet DIGIT = new Builder().add('0', '9').build();

		static final CodePointSet WORD = new Builder().add('0', '9').add('A', 'Z').add('_', '_').add('a', 'z').build();

		static final CodePointSet SPACE = new Builder().add('\t', '\r').add(' ', ' ').build();

		static final CodePointSet DOT = new Builder().add('\n', '\n')
			.add('\r', '\r')
			.add('\u0085', '\u0085')
			.add('\u2028', '\u2029')
			.build()
			.negate();

		// Start and end of each range: [first0, last0, first1, last1, ...]
		private final int[] bounds;

		private CodePointSet(int[] bounds) {
			this.bounds = bounds;
		}

		static CodePointSet of(int codePoint) {
			return new CodePointSet(new int[] { codePoint, codePoint });
		}

		boolean contains(int codePoint) {
			int low = 0;
			int high = this.bounds.length / 2 - 1;
			while (low <= high) {
				int middle = (low + high) >>> 1;
				if (codePoint < this.bounds[2 * middle]) {
					high = middle - 1;
				}
				else if (codePoint > this.bounds[2 * middle + 1]) {
					low = middle + 1;
				}
				else {
					return true;
				}
			}
			return false;
		}

		CodePointSet negate() {
			Builder complement = new Builder();
			int next = 0;
			for (int i = 0; i < this.bounds.length; i += 2) {
				if (this.bounds[i] > next) {
					complement.add(next, this.bounds[i] - 1);
				}
				next = this.bounds[i + 1] + 1;
			}
			if (next <= Character.MAX_CODE_POINT) {
				complement.add(next, Character.MAX_CODE_POINT);
			}
			return complement.build();
		}

		static final class Builder {

			private final List<int[]> ranges = new ArrayList<>();

			Builder add(int first, int last) {
				this.ranges.add(new int[] { first, last });
				return this;
			}

			Builder add(CodePointSet set) {
				for (int i = 0; i < set.bounds.length; i += 2) {
					add(set.bounds[i], set.bounds[i + 1]);
				}
				return this;
			}

			CodePointSet build() {
				this.ranges.sort((left, right) -> Integer.compare(left[0], right[0]));
				int[] bounds = new int[this.ranges.size() * 2];
				int size = 0;
				for (int[] range : this.ranges) {
					if (size > 0 && range[0] <= bounds[size - 1] + 1) {
						bounds[size - 1] = Math.max(bounds[size - 1], range[1]);
					}
					else {
						bounds[size++] = range[0];
						bounds[size++] = range[1];
					}
				}
				return new CodePointSet(Arrays.copyOf(bounds, size));
			}

		}

	}

}
