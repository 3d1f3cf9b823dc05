package io.astraclear.node.api.openapi;

import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Checks a request body against its operation's schema; a violation names the field it is about. */
public final class BodyValidator {
    private final Validator validator;

    BodyValidator(Validator validator) {
        this.validator = validator;
    }

    /** The first violation, or empty when the body is valid. */
    public Optional<Violation> check(Object body) {
        OutputUnit result;
        try {
            result = validator.validate(body);
        } catch (RuntimeException e) {
            return Optional.of(new Violation("", "does not match the request schema"));
        }
        if (Boolean.TRUE.equals(result.getValid())) {
            return Optional.empty();
        }
        List<OutputUnit> errors = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
        // the deepest location names the field most precisely; ties keep the document's order
        OutputUnit first = errors.stream()
                .max(Comparator.comparingInt((OutputUnit error) -> depth(error.getInstanceLocation())))
                .orElse(result);
        return Optional.of(new Violation(field(first), describe(first)));
    }

    private static int depth(String location) {
        return location == null ? 0 : (int) location.chars().filter(c -> c == '/').count();
    }

    private static String field(OutputUnit error) {
        String location = error.getInstanceLocation();
        String field = location == null ? "" : location.replaceFirst("^#?/?", "").replace('/', '.');
        String message = error.getError() == null ? "" : error.getError();
        if (field.isEmpty()) {
            // a missing or unexpected property is reported at the parent; its name is in the message
            java.util.regex.Matcher named = java.util.regex.Pattern.compile("['\"]([^'\"]+)['\"]").matcher(message);
            if (named.find()) {
                return named.group(1);
            }
        }
        return field;
    }

    private static String describe(OutputUnit error) {
        String message = error.getError() == null ? "does not match the request schema" : error.getError();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** {@code field} is a dotted path into the body ({@code amount}), empty for the body as a whole. */
    public record Violation(String field, String message) {}
}
