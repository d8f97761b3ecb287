package org.ikec.snmp;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * A conceptual table (RFC 2578 §7.1.12) held in a sorted map from row index to row. GET is one map
 * lookup and each GETNEXT step one {@code higherEntry}, both O(log n); nothing is rebuilt on read.
 * Writers replace whole rows, so a reader sees every row either before or after a change. SNMP4J
 * compares OIDs with unsigned sub-identifiers, as RFC 3416 §4.2.2 requires.
 */
final class MibTable implements MibRegion {

    /** A row's cells by column number; {@code null} cells are absent instances. */
    record Row(Variable[] cells, Instant activeSince) {
    }

    private final OID entry;
    /** The sub-identifiers of entry.column for every column, so an instance OID is one array copy. */
    private final int[][] columnPrefixes;
    private final int[] syntaxByColumn;
    private final int activeTimeColumn;
    private final Clock clock;
    private final ConcurrentSkipListMap<OID, Row> rows = new ConcurrentSkipListMap<>();

    /**
     * @param entry the OID of the table's entry, for example jnxIkeTunnelEntry
     * @param syntaxByColumn the BER syntax of each accessible column by column number, 0 for a
     *     column that is not accessible
     * @param activeTimeColumn a TimeInterval column computed at read time from {@link Row#activeSince()}
     */
    MibTable(OID entry, int[] syntaxByColumn, int activeTimeColumn, Clock clock) {
        this.entry = entry;
        this.syntaxByColumn = syntaxByColumn.clone();
        this.columnPrefixes = new int[syntaxByColumn.length][];
        for (int column = 0; column < syntaxByColumn.length; column++) {
            columnPrefixes[column] = new OID(entry).append(column).getValue();
        }
        this.activeTimeColumn = activeTimeColumn;
        this.clock = clock;
    }

    @Override
    public OID prefix() {
        return entry;
    }

    void put(OID index, Row row) {
        rows.put(index, row);
    }

    void remove(OID index) {
        rows.remove(index);
    }

    int size() {
        return rows.size();
    }

    @Override
    public Variable get(OID oid) {
        int column = columnOf(oid);
        if (column < 0 || oid.size() == entry.size() + 1) {
            return column < 0 ? Null.noSuchObject : Null.noSuchInstance;
        }

        Row row = rows.get(indexOf(oid));
        Variable value = row == null ? null : cell(row, column);
        return value == null ? Null.noSuchInstance : value;
    }

    @Override
    public VariableBinding next(OID oid, boolean v1) {
        int column = 1;
        OID after = null;
        if (oid.startsWith(entry) && oid.size() > entry.size()) {
            long requested = oid.getUnsigned(entry.size());
            if (requested >= syntaxByColumn.length) {
                return null;
            }
            column = (int) requested;
            after = oid.size() > entry.size() + 1 ? indexOf(oid) : null;
        }

        for (; column < syntaxByColumn.length; column++, after = null) {
            if (syntaxByColumn[column] == 0 || v1 && syntaxByColumn[column] == SMIConstants.SYNTAX_COUNTER64) {
                continue;
            }
            Map.Entry<OID, Row> candidate = after == null ? rows.firstEntry() : rows.higherEntry(after);
            while (candidate != null) {
                Variable value = cell(candidate.getValue(), column);
                if (value != null) {
                    return SharedBindings.of(instance(column, candidate.getKey()), value);
                }
                candidate = rows.higherEntry(candidate.getKey());
            }
        }
        return null;
    }

    /**
     * Walks the table column by column with one weakly consistent iterator over the sorted rows per
     * column, so each step costs O(1) instead of the O(log n) search of {@link #next}. A row
     * changed during the walk is returned as it was or as it is, and the OIDs still increase.
     */
    @Override
    public Iterator<VariableBinding> walk(OID oid, boolean v1) {
        int firstColumn = 1;
        OID after = null;
        if (oid.startsWith(entry) && oid.size() > entry.size()) {
            long requested = oid.getUnsigned(entry.size());
            firstColumn = (int) Math.min(requested, syntaxByColumn.length);
            after = oid.size() > entry.size() + 1 ? indexOf(oid) : null;
        }
        return new ColumnWalk(firstColumn, after, v1);
    }

    private final class ColumnWalk implements Iterator<VariableBinding> {

        private final boolean v1;
        private int column;
        private OID after;
        private Iterator<Map.Entry<OID, Row>> rowsInColumn;
        private VariableBinding pending;

        ColumnWalk(int column, OID after, boolean v1) {
            this.column = column;
            this.after = after;
            this.v1 = v1;
            this.pending = advance();
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public VariableBinding next() {
            if (pending == null) {
                throw new NoSuchElementException("walk of " + entry + " ended");
            }
            VariableBinding current = pending;
            pending = advance();
            return current;
        }

        private VariableBinding advance() {
            for (; column < syntaxByColumn.length; column++, rowsInColumn = null, after = null) {
                if (syntaxByColumn[column] == 0 || v1 && syntaxByColumn[column] == SMIConstants.SYNTAX_COUNTER64) {
                    continue;
                }
                if (rowsInColumn == null) {
                    rowsInColumn = (after == null ? rows : rows.tailMap(after, false)).entrySet().iterator();
                }
                while (rowsInColumn.hasNext()) {
                    Map.Entry<OID, Row> candidate = rowsInColumn.next();
                    Variable value = cell(candidate.getValue(), column);
                    if (value != null) {
                        return SharedBindings.of(instance(column, candidate.getKey()), value);
                    }
                }
            }
            return null;
        }
    }

    /** Returns the rows in index order; a view for tests and diagnostics. */
    NavigableMap<OID, Row> rows() {
        return java.util.Collections.unmodifiableNavigableMap(rows);
    }

    private int columnOf(OID oid) {
        if (!oid.startsWith(entry) || oid.size() <= entry.size()) {
            return -1;
        }
        long column = oid.getUnsigned(entry.size());
        return column < syntaxByColumn.length && syntaxByColumn[(int) column] != 0 ? (int) column : -1;
    }

    private OID indexOf(OID oid) {
        return new OID(oid.getValue(), entry.size() + 1, oid.size() - entry.size() - 1);
    }

    private OID instance(int column, OID index) {
        return new OID(columnPrefixes[column], index.getValue());
    }

    private Variable cell(Row row, int column) {
        if (column == activeTimeColumn && row.activeSince() != null) {
            long hundredths = Math.max(0, (clock.millis() - row.activeSince().toEpochMilli()) / 10);
            return new Integer32((int) Math.min(Integer.MAX_VALUE, hundredths));
        }
        return column < row.cells().length ? row.cells()[column] : null;
    }
}
