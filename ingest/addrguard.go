package ingest

import "net/netip"

// The SSRF guard: which addresses Byline may connect to when fetching a URL.
//
// An address is allowed only when it is globally reachable according to the
// IANA IPv4 and IPv6 Special-Purpose Address Registries (checked against the
// registries as updated 2024-10-22, RFC 6890 and its updates), and IPv6 only
// inside 2000::/3, the global unicast space. Three deliberate differences from
// the registries' "Globally Reachable" column, all stricter:
//
//   - Blocks that are globally reachable but hold only network infrastructure
//     (PCP/TURN/DNS-SD anycast in 192.0.0.0/24 and 2001:1::/48, AS112
//     192.31.196.0/24, 192.175.48.0/24, 2001:4:112::/48, 2620:4f:8000::/48,
//     AMT 192.52.193.0/24 and 2001:3::/32, ORCHIDv2 and DRIP in 2001::/23)
//     are refused: no news is published there and a wrong guess is a hole.
//   - 6to4 (2002::/16) and Teredo (2001::/32) are refused outright. They are
//     deprecated transition ranges; a host with a 6to4 or Teredo interface
//     sends their packets to the IPv4 address inside, which may be internal
//     ([2002:7f00:1::] reaches 127.0.0.1). No news site needs them.
//   - IPv4-mapped (::ffff:0:0/96) and IPv4-compatible (::/96) addresses are
//     refused outright too: the kernel may deliver them to the IPv4 address
//     inside, and a name that resolves to them is up to no good.
//
// The NAT64 well-known prefix 64:ff9b::/96 is globally reachable and is what
// DNS64 hands an IPv6-only host for every IPv4-only site, so it is judged by
// the IPv4 address inside: 64:ff9b::8.8.8.8 is allowed, 64:ff9b::10.0.0.1 is
// "private". The local-use NAT64 prefix 64:ff9b:1::/48 is refused.
//
// When a refused IPv6 address embeds an IPv4 address that is itself refused,
// the reason is the IPv4 address's ("loopback" for [::ffff:127.0.0.1]), which
// tells the user what the address really points at.

// prefixRule refuses an address block with a reason.
type prefixRule struct {
	prefix netip.Prefix
	reason string
}

// prefixRules are the IPv4 blocks that are refused, most specific first where
// blocks overlap (255.255.255.255 lies inside 240.0.0.0/4).
var prefixRules = []prefixRule{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"}, // "this network"
	{netip.MustParsePrefix("10.0.0.0/8"), "private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"}, // shared address space, RFC 6598
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "special-purpose"}, // IETF protocol assignments
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},   // TEST-NET-1
	{netip.MustParsePrefix("192.31.196.0/24"), "special-purpose"},
	{netip.MustParsePrefix("192.52.193.0/24"), "special-purpose"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4"}, // deprecated 6to4 relay anycast
	{netip.MustParsePrefix("192.168.0.0/16"), "private"},
	{netip.MustParsePrefix("192.175.48.0/24"), "special-purpose"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"}, // TEST-NET-2
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},  // TEST-NET-3
	{netip.MustParsePrefix("224.0.0.0/24"), "link-local"},       // link-local multicast
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("255.255.255.255/32"), "broadcast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
}

// v4Refusal says why the guard refuses the IPv4 address ip, or "".
func v4Refusal(ip netip.Addr) string {
	for _, r := range prefixRules {
		if r.prefix.Contains(ip) {
			return r.reason
		}
	}
	return ""
}

var (
	globalUnicast6 = netip.MustParsePrefix("2000::/3")
	mapped4        = netip.MustParsePrefix("::ffff:0:0/96")
	compat4        = netip.MustParsePrefix("::/96")
	nat64          = netip.MustParsePrefix("64:ff9b::/96")
	nat64Local     = netip.MustParsePrefix("64:ff9b:1::/48")
	teredo         = netip.MustParsePrefix("2001::/32")
	sixToFour      = netip.MustParsePrefix("2002::/16")
)

// v6Rules are the IPv6 blocks inside 2000::/3 that are refused, besides
// Teredo and 6to4; most specific first. Outside 2000::/3 everything is
// refused (see v6Refusal).
var v6Rules = []prefixRule{
	{netip.MustParsePrefix("2001:2::/48"), "benchmarking"},
	{netip.MustParsePrefix("2001::/23"), "special-purpose"}, // IETF protocol assignments
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("2620:4f:8000::/48"), "special-purpose"}, // AS112 direct delegation
	{netip.MustParsePrefix("3fff::/20"), "documentation"},           // RFC 9637
}

// addrRefusal says why the SSRF guard refuses ip, or "" when it may be
// fetched. It is a pure function of the address; the rules are described at
// the top of this file.
func addrRefusal(ip netip.Addr) string {
	if !ip.IsValid() {
		return "invalid"
	}
	ip = ip.WithZone("") // a zone picks an interface; the address decides
	if ip.Is4() {
		return v4Refusal(ip)
	}
	return v6Refusal(ip)
}

// v6Refusal says why the guard refuses the IPv6 address ip, or "".
func v6Refusal(ip netip.Addr) string {
	b := ip.As16()
	last4 := netip.AddrFrom4([4]byte(b[12:16]))
	switch {
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsLoopback():
		return "loopback"
	case mapped4.Contains(ip):
		return embedded("IPv4-mapped", last4)
	case compat4.Contains(ip):
		return embedded("IPv4-compatible", last4)
	case nat64.Contains(ip):
		return v4Refusal(last4)
	case nat64Local.Contains(ip):
		// The IPv4 address sits where the local prefix length puts it;
		// the last 32 bits hold it for the common /96 prefix.
		return embedded("private", last4)
	case teredo.Contains(ip):
		// The client's IPv4 address is the last 32 bits inverted, the
		// server's is bits 32-63 (RFC 4380).
		client := netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]})
		server := netip.AddrFrom4([4]byte(b[4:8]))
		if r := v4Refusal(client); r != "" {
			return r
		}
		return embedded("Teredo", server)
	case sixToFour.Contains(ip):
		return embedded("6to4", netip.AddrFrom4([4]byte(b[2:6])))
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsMulticast():
		return "multicast"
	case ip.IsPrivate():
		return "private" // fc00::/7, unique local
	case !globalUnicast6.Contains(ip):
		return "reserved" // 100::/64 discard, 5f00::/16 SRv6 SIDs, fec0::/10 site-local, ...
	}
	for _, r := range v6Rules {
		if r.prefix.Contains(ip) {
			return r.reason
		}
	}
	return ""
}

// embedded is the reason for refusing an IPv6 form that holds the IPv4
// address v4: v4's own reason when it has one, else the form's.
func embedded(form string, v4 netip.Addr) string {
	if r := v4Refusal(v4); r != "" {
		return r
	}
	return form
}
