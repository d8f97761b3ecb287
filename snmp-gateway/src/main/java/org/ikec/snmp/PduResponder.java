package org.ikec.snmp;

import java.util.ArrayList;
import java.util.List;

import org.snmp4j.PDU;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Builds the Response-PDU to a GET, GETNEXT, GETBULK or SET request from the MIB view (RFC 3416 §4.2).
 * For SNMPv1 requests it applies RFC 3584 §4.2.2.1 and §4.4: Counter64 instances do not exist, and
 * any exception value becomes a noSuchName error.
 */
final class PduResponder {

    /** The most variable bindings one GETBULK response carries, whatever max-repetitions requests. */
    static final int MAX_BULK_BINDINGS = 1_000;

    /**
     * Octets the PDU's nested BER length fields (message, PDU and binding list) may grow by as
     * bindings are added: each length field grows by at most two octets below 64 KiB.
     */
    private static final int LENGTH_FIELD_GROWTH = 6;

    private final MibView view;
    private final AgentCounters counters;

    PduResponder(MibView view, AgentCounters counters) {
        this.view = view;
        this.counters = counters;
    }

    /**
     * Fills {@code response} (a copy of the request with type RESPONSE and no bindings) and returns
     * it, or returns {@code null} when an agent does not respond to the request type.
     *
     * @param maxSize the largest PDU the requester accepts, in octets of BER
     */
    PDU respond(PDU request, PDU response, boolean v1, int maxSize) {
        response.setErrorStatus(PDU.noError);
        response.setErrorIndex(0);
        switch (request.getType()) {
            case PDU.GET -> {
                counters.inGetRequests.incrementAndGet();
                get(request, response, v1);
            }
            case PDU.GETNEXT -> {
                counters.inGetNexts.incrementAndGet();
                getNext(request, response, v1);
            }
            case PDU.GETBULK -> {
                counters.inGetBulks.incrementAndGet();
                getBulk(request, response, maxSize);
            }
            case PDU.SET -> {
                counters.inSetRequests.incrementAndGet();
                rejectSet(request, response, v1);
            }
            default -> {
                return null;
            }
        }
        if (response.getBERLength() > maxSize) {
            return tooBig(request, response);
        }
        return response;
    }

    private void get(PDU request, PDU response, boolean v1) {
        List<? extends VariableBinding> bindings = request.getVariableBindings();
        for (int i = 0; i < bindings.size(); i++) {
            OID oid = bindings.get(i).getOid();
            Variable value = view.get(oid);
            if (v1 && (value.isException() || value.getSyntax() == SMIConstants.SYNTAX_COUNTER64)) {
                noSuchName(request, response, i);
                return;
            }
            response.add(new VariableBinding(oid, value));
        }
    }

    private void getNext(PDU request, PDU response, boolean v1) {
        List<? extends VariableBinding> bindings = request.getVariableBindings();
        for (int i = 0; i < bindings.size(); i++) {
            OID oid = bindings.get(i).getOid();
            VariableBinding next = view.next(oid, v1);
            if (next == null && v1) {
                noSuchName(request, response, i);
                return;
            }
            response.add(next != null ? next : new VariableBinding(oid, Null.endOfMibView));
        }
    }

    /** RFC 3416 §4.2.3, stopping early when the next repetition would no longer fit. */
    private void getBulk(PDU request, PDU response, int maxSize) {
        List<? extends VariableBinding> bindings = request.getVariableBindings();
        int nonRepeaters = Math.min(Math.max(request.getNonRepeaters(), 0), bindings.size());
        int maxRepetitions = Math.max(request.getMaxRepetitions(), 0);

        for (int i = 0; i < nonRepeaters; i++) {
            OID oid = bindings.get(i).getOid();
            VariableBinding next = view.next(oid, false);
            response.add(next != null ? next : new VariableBinding(oid, Null.endOfMibView));
        }

        List<OID> cursors = new ArrayList<>();
        List<MibView.Walk> walks = new ArrayList<>();
        for (int i = nonRepeaters; i < bindings.size(); i++) {
            cursors.add(bindings.get(i).getOid());
            walks.add(view.walk(bindings.get(i).getOid(), false));
        }
        // The response's size is kept as a running sum, so a large GETBULK does not encode the whole
        // PDU again after every repetition.
        int size = response.getBERLength();
        for (int repetition = 0; repetition < maxRepetitions && !cursors.isEmpty(); repetition++) {
            if (response.size() + cursors.size() > MAX_BULK_BINDINGS) {
                return;
            }
            List<VariableBinding> row = new ArrayList<>(cursors.size());
            boolean allEnded = true;
            for (int j = 0; j < cursors.size(); j++) {
                VariableBinding next = walks.get(j).next();
                if (next == null) {
                    row.add(new VariableBinding(cursors.get(j), Null.endOfMibView));
                } else {
                    row.add(next);
                    cursors.set(j, next.getOid());
                    allEnded = false;
                }
            }
            int rowLength = 0;
            for (VariableBinding binding : row) {
                rowLength += binding.getBERLength();
            }
            if (repetition > 0 && size + rowLength + LENGTH_FIELD_GROWTH > maxSize) {
                return;
            }
            row.forEach(response::add);
            size += rowLength;
            if (allEnded) {
                return;
            }
        }
    }

    private void rejectSet(PDU request, PDU response, boolean v1) {
        counters.notWritables.incrementAndGet();
        response.addAll(request.getVariableBindings());
        response.setErrorStatus(v1 ? PDU.noSuchName : PDU.notWritable);
        response.setErrorIndex(request.size() == 0 ? 0 : 1);
    }

    private void noSuchName(PDU request, PDU response, int position) {
        counters.noSuchNames.incrementAndGet();
        response.setVariableBindings(new ArrayList<VariableBinding>());
        response.addAll(request.getVariableBindings());
        response.setErrorStatus(PDU.noSuchName);
        response.setErrorIndex(position + 1);
    }

    private PDU tooBig(PDU request, PDU response) {
        counters.tooBigs.incrementAndGet();
        response.setVariableBindings(new ArrayList<VariableBinding>());
        response.setErrorStatus(PDU.tooBig);
        response.setErrorIndex(0);
        return response;
    }
}
