package org.ikec.node.net;

/** The two kinds of UDP socket an IKE node listens on. */
public enum PortKind {
    /** IKE on its own port (500): datagrams are bare IKE messages. */
    IKE,
    /** NAT-T port (4500): IKE behind the non-ESP marker, ESP in UDP, and NAT keepalives (RFC 3948). */
    NAT_T
}
