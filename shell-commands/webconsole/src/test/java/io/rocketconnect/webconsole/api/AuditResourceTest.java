package io.rocketconnect.webconsole.api;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** CSV cells a spreadsheet would run as formulas are defused; nulls keep their column. */
public class AuditResourceTest {

    @Test
    public void formulaCellsArePrefixedAndNullsAreEmpty() {
        assertEquals("'=HYPERLINK(\"x\")", AuditResource.cell("=HYPERLINK(\"x\")"));
        assertEquals("'+1", AuditResource.cell("+1"));
        assertEquals("'-1", AuditResource.cell("-1"));
        assertEquals("'@SUM(A1)", AuditResource.cell("@SUM(A1)"));
        assertEquals("send", AuditResource.cell("send"));
        assertEquals("", AuditResource.cell(null));
        assertEquals("", AuditResource.cell(""));
    }
}
