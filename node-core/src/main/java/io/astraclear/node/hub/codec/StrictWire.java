package io.astraclear.node.hub.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;

/**
 * Parses protobuf strictly: only the one canonical encoding of a message is accepted. protobuf-java
 * itself is lenient by design (it keeps unknown fields, lets a repeated scalar field's last value
 * win, merges a repeated message field, reads default values written out and over-long varints), so
 * after parsing: no unknown field anywhere in the tree, and re-encoding gives back exactly the input.
 * The second rule alone rejects duplicated fields, fields out of order, defaults written out,
 * over-long varints and anything after the message; the first names unknown fields precisely (they
 * survive re-encoding, so the second rule would miss one placed last).
 */
final class StrictWire {
    /** Our deepest message is 3 levels down (Attest, Observation, CommandExecuted, LogPosition); unknown groups count too. */
    private static final int MAX_NESTING = 8;

    private StrictWire() {}

    /**
     * Parses {@code input} as the parser's message in its canonical encoding; a refusal's field path
     * is relative to that message. Bytes fields of the result alias {@code input}, which therefore
     * must never change afterwards.
     */
    static <T extends Message> T parse(Parser<T> parser, byte[] input) throws MalformedTransactionException {
        CodedInputStream in = reader(input);
        T message;
        try {
            // proto3 has no required fields: the partial message is the whole message.
            message = parser.parsePartialFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedTransactionException("", "is not valid protobuf: " + describe(e));
        }
        MalformedTransactionException unknown = unknownFieldIn(message);
        if (unknown != null) {
            throw unknown;
        }
        requireCanonical(message, input);
        return message;
    }

    /**
     * Refuses {@code input} when its top-level field {@code fieldNumber} occurs more than {@code max}
     * times, by skipping over the fields without building anything: a bound checked before the
     * parser builds the list.
     */
    static void refuseMoreThan(byte[] input, int fieldNumber, int max, String field)
            throws MalformedTransactionException {
        CodedInputStream in = reader(input);
        int count = 0;
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == fieldNumber && ++count > max) {
                    throw new MalformedTransactionException(field, "more than " + max + " entries, at most " + max);
                }
                if (!in.skipField(tag)) {
                    return; // a stray end-group tag: the strict parse refuses it
                }
            }
        } catch (IOException e) { // InvalidProtocolBufferException: an array holds no other I/O to fail
            throw new MalformedTransactionException("", "is not valid protobuf: " + describe(e));
        }
    }

    private static CodedInputStream reader(byte[] input) {
        CodedInputStream in = CodedInputStream.newInstance(input);
        in.enableAliasing(true); // bytes fields become views of the input: no copy of hashes, addresses, payloads
        in.setRecursionLimit(MAX_NESTING);
        return in;
    }

    /** The first unknown field in the message tree, its path relative to {@code message}; null when there is none. */
    private static MalformedTransactionException unknownFieldIn(Message message) {
        UnknownFieldSet unknown = message.getUnknownFields();
        if (!unknown.isEmpty()) {
            int number = unknown.asMap().keySet().iterator().next();
            FieldDescriptor known = message.getDescriptorForType().findFieldByNumber(number);
            return new MalformedTransactionException("", known == null
                    ? "unknown field " + number
                    : "field " + number + " (" + known.getName() + ") has the wrong wire type");
        }
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0, count = message.getRepeatedFieldCount(field); i < count; i++) {
                    MalformedTransactionException inner = unknownFieldIn((Message) message.getRepeatedField(field, i));
                    if (inner != null) {
                        return inner.under(field.getName() + "[" + i + "]");
                    }
                }
            } else if (message.hasField(field)) {
                MalformedTransactionException inner = unknownFieldIn((Message) message.getField(field));
                if (inner != null) {
                    return inner.under(field.getName());
                }
            }
        }
        return null;
    }

    private static void requireCanonical(Message message, byte[] input) throws MalformedTransactionException {
        int size = message.getSerializedSize();
        String difference;
        if (size != input.length) {
            difference = "it re-encodes to " + size + " bytes, not " + input.length;
        } else {
            int at = Arrays.mismatch(message.toByteArray(), input);
            if (at < 0) {
                return;
            }
            difference = "its re-encoding differs from byte " + at;
        }
        throw new MalformedTransactionException("", "is not in canonical form (" + difference + "): a field repeated or out of order,"
                + " a default value written out, a varint longer than needed, or bytes after the message");
    }

    /** protobuf-java's messages, cut to what happened (they go on about setRecursionLimit and the like). */
    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("ended unexpectedly")) {
            return "the input ends in the middle of a field (truncated, or a length that runs past its message)";
        }
        if (message.contains("too many levels of nesting")) {
            return "nested deeper than " + MAX_NESTING + " levels";
        }
        int end = message.indexOf('.');
        return end > 0 ? message.substring(0, end) : message.isEmpty() ? e.getClass().getSimpleName() : message;
    }
}
