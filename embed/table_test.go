package embed

import (
	"encoding/binary"
	"errors"
	"testing"
)

func TestParseTableRejectsDamage(t *testing.T) {
	tests := []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"empty", func(b []byte) []byte { return nil }},
		{"bad magic", func(b []byte) []byte { b[0] = 'X'; return b }},
		{"other version", func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], 2); return b }},
		{"truncated", func(b []byte) []byte { return b[:len(b)-1] }},
		{"flipped row byte", func(b []byte) []byte { b[len(b)-1000] ^= 1; return b }},
		{"huge dims", func(b []byte) []byte { binary.LittleEndian.PutUint32(b[12:], 1<<30); return b }},
		{"word count off", func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[16:], binary.LittleEndian.Uint32(b[16:])-1)
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.damage(append([]byte(nil), gloveTable...))
			if _, err := newOffline(data); !errors.Is(err, errCorrupt) {
				t.Errorf("newOffline(damaged) error = %v, want errCorrupt", err)
			}
		})
	}
	if _, err := newOffline(gloveTable); err != nil {
		t.Fatalf("the shipped table does not load: %v", err)
	}
}
