package io.astraclear.adapters.postgres;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Conversions between domain values and what vertx-pg-client binds and reads. Amounts travel as decimal text. */
final class RowCodec {
    private static final int SIGNATURE_BYTES = 65;

    private RowCodec() {}

    /**
     * One array parameter per column. Not {@code Tuple.of}: its {@code (Object, Object...)} overload
     * takes an array argument for the varargs array itself and binds its elements one by one.
     */
    static Tuple columns(Object[]... columns) {
        Tuple tuple = Tuple.tuple();
        for (Object[] column : columns) {
            tuple.addValue(column);
        }
        return tuple;
    }

    static Buffer bytes(Bytes32 value) {
        return Buffer.buffer(value.toByteArray());
    }

    static Buffer bytes(Address value) {
        return Buffer.buffer(value.toByteArray());
    }

    static Buffer bytes(Signature value) {
        return Buffer.buffer(value.toByteArray());
    }

    static Buffer signatures(List<Signature> signatures) {
        Buffer buffer = Buffer.buffer(signatures.size() * SIGNATURE_BYTES);
        signatures.forEach(signature -> buffer.appendBytes(signature.toByteArray()));
        return buffer;
    }

    static List<Signature> signatures(Buffer concatenated) {
        byte[] bytes = concatenated.getBytes();
        List<Signature> signatures = new ArrayList<>(bytes.length / SIGNATURE_BYTES);
        for (int offset = 0; offset + SIGNATURE_BYTES <= bytes.length; offset += SIGNATURE_BYTES) {
            signatures.add(Signature.fromBytes(Arrays.copyOfRange(bytes, offset, offset + SIGNATURE_BYTES)));
        }
        return signatures;
    }

    static Bytes32 bytes32(Row row, String column) {
        return new Bytes32(row.getBuffer(column).getBytes());
    }

    static Address address(Row row, String column) {
        return Address.fromBytes(row.getBuffer(column).getBytes());
    }

    static Signature signature(Row row, String column) {
        return Signature.fromBytes(row.getBuffer(column).getBytes());
    }

    static BankId bank(Row row, String column) {
        return new BankId(row.getString(column));
    }

    /** Reads a column selected as {@code amount::text}. */
    static Amount amount(Row row, String column) {
        return new Amount(new BigInteger(row.getString(column)));
    }

    static String text(Amount amount) {
        return amount.value().toString();
    }

    static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant();
    }

    /** PostgreSQL keeps microseconds; storage drops finer parts before it compares or returns an instant. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static JsonArray json(BalanceSnapshot snapshot) {
        JsonArray array = new JsonArray();
        for (Obligation obligation : snapshot.obligations()) {
            array.add(new JsonObject()
                    .put("debtor", obligation.debtor().value())
                    .put("creditor", obligation.creditor().value())
                    .put("amount", obligation.amount().value().toString()));
        }
        return array;
    }

    static BalanceSnapshot snapshot(JsonArray array) {
        List<Obligation> obligations = new ArrayList<>(array.size());
        for (int index = 0; index < array.size(); index++) {
            JsonObject obligation = array.getJsonObject(index);
            obligations.add(new Obligation(new BankId(obligation.getString("debtor")), new BankId(obligation.getString("creditor")),
                    Amount.parse(obligation.getString("amount"))));
        }
        return new BalanceSnapshot(obligations);
    }
}
