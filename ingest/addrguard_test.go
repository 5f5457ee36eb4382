package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

// TestAddrRefusal checks the guard as a pure function: every address here
// is only parsed, never dialed. Ranges are probed at both edges and just
// outside them.
func TestAddrRefusal(t *testing.T) {
	tests := []struct{ addr, want string }{
		// Public controls.
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"9.255.255.255", ""},
		{"11.0.0.0", ""},
		{"2606:4700:4700::1111", ""},
		{"2001:4860:4860::8888", ""},
		{"2a00:1450:4001::200e", ""},
		{"2c0f:fb50:4003::1", ""},

		// 0.0.0.0/8 this network.
		{"0.0.0.0", "unspecified"},
		{"0.1.2.3", "unspecified"},
		{"0.255.255.255", "unspecified"},
		{"1.0.0.0", ""},
		// 10.0.0.0/8.
		{"10.0.0.0", "private"},
		{"10.0.0.1", "private"},
		{"10.255.255.255", "private"},
		// 100.64.0.0/10 shared address space.
		{"100.63.255.255", ""},
		{"100.64.0.0", "carrier-grade NAT"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.255", "carrier-grade NAT"},
		{"100.128.0.0", ""},
		// 127.0.0.0/8.
		{"126.255.255.255", ""},
		{"127.0.0.0", "loopback"},
		{"127.0.0.1", "loopback"},
		{"127.8.9.10", "loopback"},
		{"127.255.255.255", "loopback"},
		{"128.0.0.0", ""},
		// 169.254.0.0/16.
		{"169.253.255.255", ""},
		{"169.254.0.0", "link-local"},
		{"169.254.169.254", "link-local"},
		{"169.254.255.255", "link-local"},
		{"169.255.0.0", ""},
		// 172.16.0.0/12.
		{"172.15.255.255", ""},
		{"172.16.0.0", "private"},
		{"172.16.5.4", "private"},
		{"172.31.255.255", "private"},
		{"172.32.0.0", ""},
		// 192.0.0.0/24 IETF protocol assignments, including the anycast
		// addresses the registry calls globally reachable.
		{"191.255.255.255", ""},
		{"192.0.0.0", "special-purpose"},
		{"192.0.0.8", "special-purpose"},
		{"192.0.0.9", "special-purpose"},
		{"192.0.0.10", "special-purpose"},
		{"192.0.0.170", "special-purpose"},
		{"192.0.0.255", "special-purpose"},
		{"192.0.1.0", ""},
		// 192.0.2.0/24 TEST-NET-1.
		{"192.0.2.0", "documentation"},
		{"192.0.2.255", "documentation"},
		{"192.0.3.0", ""},
		// AS112, AMT.
		{"192.31.195.255", ""},
		{"192.31.196.0", "special-purpose"},
		{"192.31.196.255", "special-purpose"},
		{"192.31.197.0", ""},
		{"192.52.192.255", ""},
		{"192.52.193.0", "special-purpose"},
		{"192.52.193.255", "special-purpose"},
		{"192.52.194.0", ""},
		// 192.88.99.0/24 6to4 relay anycast.
		{"192.88.98.255", ""},
		{"192.88.99.0", "6to4"},
		{"192.88.99.1", "6to4"},
		{"192.88.99.255", "6to4"},
		{"192.88.100.0", ""},
		// 192.168.0.0/16.
		{"192.167.255.255", ""},
		{"192.168.0.0", "private"},
		{"192.168.1.1", "private"},
		{"192.168.255.255", "private"},
		{"192.169.0.0", ""},
		// 192.175.48.0/24 AS112 direct delegation.
		{"192.175.47.255", ""},
		{"192.175.48.0", "special-purpose"},
		{"192.175.48.255", "special-purpose"},
		{"192.175.49.0", ""},
		// 198.18.0.0/15 benchmarking.
		{"198.17.255.255", ""},
		{"198.18.0.0", "benchmarking"},
		{"198.18.0.1", "benchmarking"},
		{"198.19.255.255", "benchmarking"},
		{"198.20.0.0", ""},
		// 198.51.100.0/24 TEST-NET-2, 203.0.113.0/24 TEST-NET-3.
		{"198.51.99.255", ""},
		{"198.51.100.0", "documentation"},
		{"198.51.100.255", "documentation"},
		{"198.51.101.0", ""},
		{"203.0.112.255", ""},
		{"203.0.113.0", "documentation"},
		{"203.0.113.255", "documentation"},
		{"203.0.114.0", ""},
		// 224.0.0.0/4 multicast.
		{"223.255.255.255", ""},
		{"224.0.0.0", "link-local"},
		{"224.0.0.1", "link-local"},
		{"224.0.0.255", "link-local"},
		{"224.0.1.0", "multicast"},
		{"239.1.1.1", "multicast"},
		{"239.255.255.255", "multicast"},
		// 240.0.0.0/4 reserved, 255.255.255.255 limited broadcast.
		{"240.0.0.0", "reserved"},
		{"240.0.0.1", "reserved"},
		{"250.1.2.3", "reserved"},
		{"255.255.255.254", "reserved"},
		{"255.255.255.255", "broadcast"},

		// IPv6 unspecified, loopback.
		{"::", "unspecified"},
		{"::1", "loopback"},
		{"::2", "unspecified"}, // ::0.0.0.2
		// ::ffff:0:0/96 IPv4-mapped: refused, with the inner address's
		// reason when it has one.
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:0.0.0.0", "unspecified"},
		{"::ffff:10.1.2.3", "private"},
		{"::ffff:172.16.0.1", "private"},
		{"::ffff:192.168.0.1", "private"},
		{"::ffff:100.64.0.1", "carrier-grade NAT"},
		{"::ffff:169.254.169.254", "link-local"},
		{"::ffff:198.18.0.1", "benchmarking"},
		{"::ffff:240.0.0.1", "reserved"},
		{"::ffff:8.8.8.8", "IPv4-mapped"},
		{"::ffff:0:0", "unspecified"},
		{"::ffff:ffff:ffff", "broadcast"},
		// ::/96 IPv4-compatible (deprecated).
		{"::127.0.0.1", "loopback"},
		{"::7f00:1", "loopback"},
		{"::10.0.0.1", "private"},
		{"::192.168.1.1", "private"},
		{"::169.254.169.254", "link-local"},
		{"::8.8.8.8", "IPv4-compatible"},
		{"::ffff:ffff", "broadcast"},
		{"::1:0:0", "reserved"}, // just past ::/96, outside 2000::/3
		// 64:ff9b::/96 NAT64: judged by the IPv4 address inside.
		{"64:ff9b::8.8.8.8", ""},
		{"64:ff9b::1.1.1.1", ""},
		{"64:ff9b::a00:1", "private"}, // 10.0.0.1
		{"64:ff9b::127.0.0.1", "loopback"},
		{"64:ff9b::169.254.169.254", "link-local"},
		{"64:ff9b::198.18.0.1", "benchmarking"},
		{"64:ff9b::240.0.0.1", "reserved"},
		{"64:ff9b::", "unspecified"},
		{"64:ff9b::ffff:ffff", "broadcast"},
		{"64:ff9b:0:0:0:1::", "reserved"}, // past the /96, outside 2000::/3
		// 64:ff9b:1::/48 local-use NAT64: refused.
		{"64:ff9b:1::8.8.8.8", "private"},
		{"64:ff9b:1::127.0.0.1", "loopback"},
		{"64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "broadcast"},
		{"64:ff9b:2::", "reserved"},
		// 100::/64 discard-only; everything else outside 2000::/3.
		{"100::", "reserved"},
		{"100::ffff:ffff:ffff:ffff", "reserved"},
		{"1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"},
		{"4000::", "reserved"},
		{"e000::1", "reserved"},
		{"fec0::1", "reserved"}, // deprecated site-local
		// 2001::/32 Teredo: refused; the client address (last 32 bits,
		// inverted) or the server address (bits 32-63) give the reason
		// when refused.
		{"2001::", "broadcast"},                                       // client 255.255.255.255
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", "documentation"},     // RFC 4380 example: server 65.54.227.120, client 192.0.2.45
		{"2001:0:808:808::80ff:fffe", "loopback"},                     // client 127.0.0.1
		{"2001:0:808:808::f5ff:fffe", "private"},                      // client 10.0.0.1
		{"2001:0:a00:1::f7f7:f7f7", "private"},                        // server 10.0.0.1, client 8.8.8.8
		{"2001:0:7f00:1::f7f7:f7f7", "loopback"},                      // server 127.0.0.1
		{"2001:0:ffff:ffff:ffff:ffff:ffff:ffff", "unspecified"},       // client 0.0.0.0
		{"2001:0:808:808:ffff:ffff:f7f7:f7f7", "Teredo"},              // both public
		{"2001:1::1", "special-purpose"},                              // PCP anycast
		{"2001:1::2", "special-purpose"},                              // TURN anycast
		{"2001:2::", "benchmarking"},                                  // 2001:2::/48
		{"2001:2:0:ffff:ffff:ffff:ffff:ffff", "benchmarking"},         // its last address
		{"2001:2:1::", "special-purpose"},                             // past it, still 2001::/23
		{"2001:3::1", "special-purpose"},                              // AMT
		{"2001:4:112::1", "special-purpose"},                          // AS112-v6
		{"2001:10::1", "special-purpose"},                             // deprecated ORCHID
		{"2001:20::1", "special-purpose"},                             // ORCHIDv2
		{"2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", "special-purpose"}, // end of 2001::/23
		{"2001:200::1", ""},                                           // just past it (WIDE)
		{"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", ""},                // before documentation
		{"2001:db8::", "documentation"},                               // 2001:db8::/32
		{"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"},   // its end
		{"2001:db9::", ""},                                            // past it
		{"2620:4f:8000::1", "special-purpose"},                        // AS112 direct delegation
		{"2620:4f:8001::1", ""},                                       // past it
		{"3fff::", "documentation"},                                   // 3fff::/20
		{"3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"},   // its end
		{"3fff:1000::", ""},                                           // past it
		{"3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ""},               // before it
		{"5f00::1", "reserved"},                                       // SRv6 SIDs (RFC 9602), outside 2000::/3
		{"2000::", ""},                                                // first global unicast
		{"3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ""},               // last of 2000::/3
		// 2002::/16 6to4: refused; the IPv4 address in bits 16-47 gives
		// the reason when refused.
		{"2002:7f00:1::", "loopback"},
		{"2002:7f00:1::1", "loopback"},
		{"2002:a00:1::", "private"},
		{"2002:c0a8:101::", "private"},
		{"2002:a9fe:a9fe::", "link-local"},
		{"2002:c612:1::", "benchmarking"},
		{"2002:808:808::", "6to4"},
		{"2002::", "unspecified"},
		{"2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "broadcast"},
		{"2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ""}, // just before 2002::/16
		{"2003::", ""},                                  // just after
		// fc00::/7 unique local, fe80::/10 link-local, with zones.
		{"fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"},
		{"fc00::", "private"},
		{"fd00::1", "private"},
		{"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "private"},
		{"fe00::", "reserved"},
		{"fe80::", "link-local"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"fe80::1%1", "link-local"},
		{"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "link-local"},
		{"fd00::1%eth0", "private"},
		{"::1%lo", "loopback"},
		{"2606:4700:4700::1111%eth0", ""},
		// ff00::/8 multicast.
		{"ff00::", "multicast"},
		{"ff01::1", "multicast"},
		{"ff02::1", "link-local"},
		{"ff05::1", "multicast"},
		{"ff0e::1", "multicast"},
		{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "multicast"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			ip, err := netip.ParseAddr(tt.addr)
			if err != nil {
				t.Fatal(err)
			}
			if got := addrRefusal(ip); got != tt.want {
				t.Errorf("addrRefusal(%s) = %q, want %q", tt.addr, got, tt.want)
			}
		})
	}
	if got := addrRefusal(netip.Addr{}); got != "invalid" {
		t.Errorf("addrRefusal(zero Addr) = %q, want %q", got, "invalid")
	}
}

// TestDialRefusal checks the dial-time hook on the addresses the transport
// hands it: the same guard applies to every connection, whatever name or
// redirect led there. Nothing is dialed.
func TestDialRefusal(t *testing.T) {
	l := testLoader(t, Options{})
	for _, tt := range []struct{ address, want string }{
		{"[::127.0.0.1]:8080", "address ::7f00:1 is loopback"},
		{"[2002:7f00:1::]:80", "address 2002:7f00:1:: is loopback"},
		{"[::ffff:10.0.0.1]:443", "address ::ffff:10.0.0.1 is private"},
		{"198.18.0.1:80", "address 198.18.0.1 is benchmarking"},
		{"240.0.0.1:80", "address 240.0.0.1 is reserved"},
		{"[fe80::1%eth0]:80", "address fe80::1%eth0 is link-local"},
		{"[2001:0:808:808::80ff:fffe]:80", "address 2001:0:808:808::80ff:fffe is loopback"},
		{"example.com:80", "address example.com:80 is not an IP address"},
	} {
		t.Run(tt.address, func(t *testing.T) {
			err := l.dialRefusal(tt.address)
			if !errors.Is(err, ErrRefused) || !strings.HasSuffix(err.Error(), tt.want) {
				t.Errorf("dialRefusal(%s) = %v, want a refusal ending %q", tt.address, err, tt.want)
			}
		})
	}
	for _, ok := range []string{"8.8.8.8:443", "[2606:4700:4700::1111]:443", "[64:ff9b::808:808]:80"} {
		if err := l.dialRefusal(ok); err != nil {
			t.Errorf("dialRefusal(%s) = %v, want nil", ok, err)
		}
	}
	if err := testLoader(t, Options{AllowPrivate: true}).dialRefusal("[::127.0.0.1]:80"); err != nil {
		t.Errorf("with AllowPrivate, dialRefusal = %v, want nil", err)
	}
}

// TestLoaderRefusesEmbeddedForms loads URLs whose hosts are IPv6 forms of
// loopback and other refused addresses, with the loopback test server's port.
// The Loader must refuse them from the URL alone: its dialer is replaced by
// one that fails the test, so even a broken guard sends nothing anywhere.
func TestLoaderRefusesEmbeddedForms(t *testing.T) {
	srv := startNewsServer(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	l := testLoader(t, Options{})
	l.client.Transport.(*http.Transport).DialContext = func(_ context.Context, _, address string) (net.Conn, error) {
		t.Errorf("dialed %s, want a refusal before dialing", address)
		return nil, errors.New("test: dialing is not allowed")
	}
	for _, tt := range []struct{ url, reason string }{
		{fmt.Sprintf("http://[::127.0.0.1]:%d/page", port), "loopback"},
		{fmt.Sprintf("http://[::7f00:1]:%d/page", port), "loopback"},
		{fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/page", port), "loopback"},
		{fmt.Sprintf("http://[2002:7f00:1::]:%d/page", port), "loopback"},
		{"http://[2002:7f00:1::]/", "loopback"},
		{fmt.Sprintf("http://[64:ff9b::127.0.0.1]:%d/page", port), "loopback"},
		{fmt.Sprintf("http://[2001:0:808:808::80ff:fffe]:%d/page", port), "loopback"}, // Teredo, client 127.0.0.1
		{"http://[2002:808:808::]/", "6to4"},
		{"http://[2001:0:808:808:ffff:ffff:f7f7:f7f7]/", "Teredo"},
		{"http://[::8.8.8.8]/", "IPv4-compatible"},
		{"http://198.18.0.1/", "benchmarking"},
		{"http://240.0.0.1/", "reserved"},
		{"http://255.255.255.255/", "broadcast"},
		{"http://[fe80::1%25eth0]/", "link-local"},
		{"http://[2001:db8::1]/", "documentation"},
	} {
		t.Run(tt.url, func(t *testing.T) {
			_, err := l.Load(context.Background(), tt.url)
			want := "refusing to fetch " + tt.url + ": address is " + tt.reason
			if err == nil || err.Error() != want {
				t.Errorf("error = %v, want %q", err, want)
			}
			if !errors.Is(err, ErrRefused) {
				t.Errorf("errors.Is(err, ErrRefused) = false for %v", err)
			}
		})
	}
	if n := srv.conns.Load(); n != 0 {
		t.Errorf("server saw %d connections, want 0", n)
	}
}
