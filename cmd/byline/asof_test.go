package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// --as-of takes what the help offers: "now" and a date either way round.
func TestAsOfFlag(t *testing.T) {
	dir := workdir(t)
	getenv := func(string) string { return "" }
	data := filepath.Join(dir, "data")
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"--data", data, "index", filepath.Join(dir, "seeds")}, &out, &errOut, getenv); err != nil {
		t.Fatalf("index: %v\n%s", err, errOut.String())
	}
	tests := []struct {
		asOf    string
		wantErr string // "" = accepted
	}{
		{"now", ""},
		{"NOW", ""},
		{"2024-11-05", ""},
		{"2024/11/05", ""},
		{"yesterday", `want "now" or YYYY-MM-DD`},
		{"2024-13-01", "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), []string{"--data", data, "search", "--as-of", tt.asOf, "--json", "Lavrov"}, &out, &errOut, getenv)
			if tt.wantErr != "" {
				if !errors.Is(err, errUsage) || !strings.Contains(errOut.String()+err.Error(), tt.wantErr) {
					t.Errorf("--as-of %s: err %v, stderr %q; want a usage error about %q", tt.asOf, err, errOut.String(), tt.wantErr)
				}
				return
			}
			var res struct{ Results []json.RawMessage }
			if err != nil || json.Unmarshal(out.Bytes(), &res) != nil || len(res.Results) == 0 {
				t.Errorf("--as-of %s: err %v, stderr %q, out %s", tt.asOf, err, errOut.String(), out.String())
			}
		})
	}
}
