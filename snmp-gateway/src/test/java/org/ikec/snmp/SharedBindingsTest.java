package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.VariableBinding;

class SharedBindingsTest {

    @Test
    void bindingKeepsOidAndValue() {
        OID oid = new OID("1.3.6.1.4.1.2636.3.22.1.2.1.1.3.4.115.115.45.97.1.4.192.0.2.9.300");
        OctetString value = new OctetString("ss-a");

        VariableBinding binding = SharedBindings.of(oid, value);

        // Fails when SNMP4J renames VariableBinding's private fields; walks then copy every value.
        assertThat(SharedBindings.sharing()).isTrue();
        assertThat(binding.getOid()).isSameAs(oid);
        assertThat(binding.getVariable()).isSameAs(value);
    }

    @Test
    void bindingEncodesLikeCopyingConstructor() throws Exception {
        OID oid = new OID("1.3.6.1.4.1.2636.3.22.1.2.1.1.2.4.115.115.45.98.1.4.192.0.2.200.7");
        Integer32 value = new Integer32(2);

        ByteArrayOutputStream shared = new ByteArrayOutputStream();
        SharedBindings.of(oid, value).encodeBER(shared);
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        new VariableBinding(oid, value).encodeBER(copied);

        assertThat(shared.toByteArray()).isEqualTo(copied.toByteArray());
        assertThat(SharedBindings.of(oid, value).getBERLength()).isEqualTo(shared.size());
        assertThat(SharedBindings.of(oid, value)).isEqualTo(new VariableBinding(oid, value));
    }
}
