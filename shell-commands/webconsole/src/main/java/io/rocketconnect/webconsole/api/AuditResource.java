package io.rocketconnect.webconsole.api;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.rocketconnect.api.AuditQuery;
import io.rocketconnect.api.AuditRecord;
import io.rocketconnect.api.RocketmqAuditLog;

/** The audit view: rows filtered by adapter, operation, outcome, requestId and time range, in pages or as CSV. */
final class AuditResource {

    static final int MAX_PAGE_SIZE = 500;

    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema COLUMNS = CsvSchema.builder().addColumn("timestamp").addColumn("requestId")
            .addColumn("adapterId").addColumn("operation").addColumn("target").addColumn("caller")
            .addColumn("outcome").addColumn("errorClass").addColumn("durationMicros").build().withHeader();

    record Page(int page, int size, boolean more, List<AuditRecord> rows) {
    }

    private final RocketmqAuditLog audit;

    AuditResource(RocketmqAuditLog audit) {
        this.audit = audit;
    }

    Page page(ApiRequest request) {
        int page = request.intParameter("page", 0, 0, 10_000);
        int size = request.intParameter("size", 50, 1, MAX_PAGE_SIZE);
        List<AuditRecord> rows = log().newest(query(request, size + 1).offset(page * size));
        return new Page(page, size, rows.size() > size, rows.subList(0, Math.min(size, rows.size())));
    }

    /** Up to {@link AuditQuery#MAX_LIMIT} rows as CSV; cells a spreadsheet would run as formulas are quoted with '. */
    void csv(ApiRequest request, Writer out) throws IOException {
        List<AuditRecord> rows = log().newest(query(request, AuditQuery.MAX_LIMIT));
        try (SequenceWriter writer = CSV.writer(COLUMNS).writeValues(out)) {
            for (AuditRecord row : rows) {
                writer.write(new Object[] {row.timestamp().toString(), cell(row.requestId()), cell(row.adapterId()),
                    cell(row.operation()), cell(row.target()), cell(row.caller()), row.outcome(),
                    cell(row.errorClass()), row.durationMicros()});
            }
        }
    }

    private AuditQuery query(ApiRequest request, int limit) {
        AuditQuery query = AuditQuery.newest(limit).adapter(request.parameter("adapter"))
                .operation(request.parameter("operation")).requestId(request.parameter("requestId"));
        try {
            return query.outcome(request.parameter("outcome")).since(request.instantParameter("since"))
                    .until(request.instantParameter("until"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private RocketmqAuditLog log() {
        if (audit == null) {
            throw new ApiException(503, "the audit log service is not running");
        }
        return audit;
    }

    /** OWASP's advice against CSV injection: a cell starting with = + - @ tab or CR is prefixed with '; null is empty. */
    static String cell(String value) {
        if (value == null) {
            return ""; // a null in the row would shift the columns after it
        }
        if (!value.isEmpty() && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
