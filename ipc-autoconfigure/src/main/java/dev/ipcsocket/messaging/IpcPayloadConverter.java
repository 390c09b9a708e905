package dev.ipcsocket.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcPeerText;

/**
 * Turns objects into JSON payloads that carry their class name as the type (or, for a class of
 * {@code ipc.type-mappings}, its alias), and back, but only for mapped aliases and types in
 * trusted packages: a type from anywhere else is never instantiated. Never uses
 * Java serialization. {@code *} trusts every package but those whose classes can do harm by being
 * built from a peer's JSON ({@link #NEVER_TRUSTED_BY_WILDCARD}: the JDK, JNDI, scripting,
 * reflection, and the frameworks Jackson's deny list of gadget classes names); such a package is
 * trusted only when named.
 */
public final class IpcPayloadConverter {

	/** Trusts every package but {@link #NEVER_TRUSTED_BY_WILDCARD}. */
	public static final String TRUST_ALL = "*";

	/**
	 * Packages (with their subpackages) that {@link #TRUST_ALL} does not trust: building one of
	 * their classes from a peer's JSON can look up JNDI names, run scripts or processes, load
	 * classes or open connections (the packages of the gadget classes Jackson's
	 * {@code PolymorphicTypeValidator} and its deny list exist for).
	 */
	public static final List<String> NEVER_TRUSTED_BY_WILDCARD = List.of("java", "javax", "jdk", "sun", "com.sun",
			"jakarta", "org.springframework", "tools.jackson", "com.fasterxml.jackson", "org.apache.commons.collections",
			"org.apache.commons.collections4", "org.apache.commons.beanutils", "org.apache.commons.configuration",
			"org.apache.commons.configuration2", "org.apache.commons.dbcp", "org.apache.commons.dbcp2",
			"org.apache.commons.jelly", "org.apache.commons.proxy", "org.apache.xalan", "org.apache.xbean",
			"org.apache.bcel", "org.apache.tomcat", "org.apache.catalina", "org.apache.naming", "org.apache.ibatis",
			"org.apache.openjpa", "org.apache.log4j", "org.apache.logging.log4j", "org.apache.aries",
			"org.apache.shiro", "org.apache.axis2", "org.apache.cxf", "org.apache.activemq", "org.apache.ignite",
			"org.apache.hadoop", "org.apache.derby", "org.apache.batik", "org.codehaus.groovy", "groovy",
			"org.mozilla.javascript", "org.python", "bsh", "clojure", "org.jruby", "org.aspectj", "org.hibernate",
			"org.jboss", "org.jdom", "org.jdom2", "org.eclipse.jetty", "org.glassfish", "com.mchange",
			"com.zaxxer.hikari", "ch.qos.logback", "net.sf.ehcache", "oracle", "com.ibatis", "com.caucho",
			"com.mysql", "org.h2", "org.hsqldb", "com.ibm", "weblogic", "com.alibaba", "org.newsclub",
			"net.bytebuddy", "org.objenesis", "javassist", "org.apache.velocity", "freemarker", "org.thymeleaf",
			"ognl", "org.mvel2");

	/** Value types of the JDK that {@link #TRUST_ALL} trusts although their packages are never trusted by it. */
	private static final Set<String> JDK_VALUE_TYPES = Set.of("java.lang.String", "java.lang.Boolean",
			"java.lang.Character", "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
			"java.lang.Float", "java.lang.Double", "java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID");

	/** A binary class name: Java identifiers separated by dots; no array or primitive descriptor. */
	private static final Pattern CLASS_NAME = Pattern
		.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

	/** A type alias: no dot, so it never reads as a class name. */
	private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Log logger = LogFactory.getLog(IpcPayloadConverter.class);

	private final JsonMapper mapper;

	private final List<String> trustedPackages;

	private final ClassLoader classLoader;

	/** Type aliases by alias, from {@code ipc.type-mappings}. */
	private final Map<String, Class<?>> classesByAlias;

	/** The same, the other way round, for sending. */
	private final Map<Class<?>, String> aliasesByClass;

	public IpcPayloadConverter(JsonMapper mapper, List<String> trustedPackages, ClassLoader classLoader) {
		this(mapper, trustedPackages, Map.of(), classLoader);
	}

	/**
	 * A converter that also writes and reads type aliases: a mapped class goes out under its
	 * alias, and an alias that arrives is read as the class mapped to it here (trusted, since it is
	 * named outright), so that the two sides need not share a class name.
	 * @param mapper the JSON mapper
	 * @param trustedPackages packages whose classes may be built from a peer's JSON
	 * @param typeMappings classes by alias (see {@link #checkAlias})
	 * @param classLoader where classes named on the wire are looked up
	 * @throws IllegalArgumentException if an alias is not valid or two aliases map one class
	 */
	public IpcPayloadConverter(JsonMapper mapper, List<String> trustedPackages, Map<String, Class<?>> typeMappings,
			ClassLoader classLoader) {
		this.mapper = mapper;
		this.trustedPackages = List.copyOf(trustedPackages);
		this.classLoader = classLoader;
		this.classesByAlias = Map.copyOf(typeMappings);
		Map<Class<?>, String> aliases = new HashMap<>();
		typeMappings.forEach((alias, type) -> {
			String problem = checkAlias(alias);
			if (problem != null) {
				throw new IllegalArgumentException(problem);
			}
			String other = aliases.put(type, alias);
			if (other != null) {
				throw new IllegalArgumentException("aliases '" + other + "' and '" + alias + "' both map "
						+ type.getName() + ": a class goes out under one alias");
			}
		});
		this.aliasesByClass = Map.copyOf(aliases);
		if (this.trustedPackages.contains(TRUST_ALL)) {
			logger.warn("ipc.trusted-packages=* lets any sibling have this application build an object of any class"
					+ " on its classpath outside the JDK and known gadget packages: name your packages instead");
		}
	}

	/**
	 * Encode an object as JSON.
	 * @param object the object
	 * @return its type and bytes
	 */
	public Encoded encode(Object object) {
		String type = this.aliasesByClass.getOrDefault(object.getClass(), object.getClass().getName());
		try {
			return new Encoded(type, this.mapper.writeValueAsBytes(object));
		}
		catch (JacksonException ex) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR,
					"cannot write " + object.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Whether a type may be decoded.
	 * @param type a class name or a type alias
	 * @return {@code true} if it is a mapped alias or its package is trusted
	 */
	public boolean isTrusted(String type) {
		return whyNotTrusted(type) == null;
	}

	private @Nullable String whyNotTrusted(String type) {
		if (this.classesByAlias.containsKey(type)) {
			return null;
		}
		if (ALIAS.matcher(type).matches()) {
			return "type alias '" + type + "' is not in ipc.type-mappings " + this.classesByAlias.keySet()
					+ ": it stays raw bytes";
		}
		if (!CLASS_NAME.matcher(type).matches()) {
			return "type " + IpcPeerText.escape(type) + " is not a class name";
		}
		String packageName = packageOf(type);
		if (this.trustedPackages.stream().anyMatch((trusted) -> isIn(packageName, trusted))) {
			return null;
		}
		if (!this.trustedPackages.contains(TRUST_ALL)) {
			return "type " + type + " is not in ipc.trusted-packages " + this.trustedPackages + ": it stays raw bytes";
		}
		if (JDK_VALUE_TYPES.contains(type) || isIn(packageName, "java.time")
				|| NEVER_TRUSTED_BY_WILDCARD.stream().noneMatch((never) -> isIn(packageName, never))) {
			return null;
		}
		return "type " + type + " is in a package ipc.trusted-packages=* never trusts (the JDK, JNDI, scripting,"
				+ " reflection and known gadget packages): it stays raw bytes; name its package in"
				+ " ipc.trusted-packages only if its classes are safe to build from a peer's JSON";
	}

	/**
	 * Check a type alias: 1 to 64 characters of {@code A-Z a-z 0-9 _ -}, without the dot of a
	 * class name, so that an alias is never read as a class.
	 * @param alias the alias
	 * @return what is wrong with it, or {@code null} if it is valid
	 */
	public static @Nullable String checkAlias(String alias) {
		return ALIAS.matcher(alias).matches() ? null
				: "type alias '" + IpcPeerText.escape(alias) + "' is not 1 to 64 characters of A-Z a-z 0-9 _ -";
	}

	private static String packageOf(String type) {
		int lastDot = type.lastIndexOf('.');
		return (lastDot > 0) ? type.substring(0, lastDot) : "";
	}

	private static boolean isIn(String packageName, String trusted) {
		return packageName.equals(trusted) || packageName.startsWith(trusted + ".");
	}

	/**
	 * Decode a JSON payload as the type it names.
	 * @param type a class name, or an alias of {@code ipc.type-mappings}
	 * @param payload the JSON
	 * @return the object
	 * @throws IpcException if the type is not trusted, not on the classpath, or the JSON does not
	 * fit it
	 */
	public Object decode(String type, byte[] payload) {
		String notTrusted = whyNotTrusted(type);
		if (notTrusted != null) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, notTrusted);
		}
		Class<?> target = this.classesByAlias.get(type);
		try {
			if (target == null) {
				target = Class.forName(type, false, this.classLoader);
			}
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "type " + IpcPeerText.escape(type) + " is not on the classpath", ex);
		}
		try {
			return this.mapper.readValue(payload, target);
		}
		catch (JacksonException ex) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR,
					"cannot read the JSON payload as " + IpcPeerText.escape(type) + ": "
							+ IpcPeerText.escape(ex.getOriginalMessage()), ex);
		}
	}

	/**
	 * A payload and its type.
	 * @param type the class name, or its alias
	 * @param payload the JSON bytes
	 */
	public record Encoded(String type, byte[] payload) {
	}

}
