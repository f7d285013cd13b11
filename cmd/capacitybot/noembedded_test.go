package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/internal/testworld"
)

// TestLeanBuildRefusesWithoutTemporalAddress builds the -tags noembedded
// binary (the one for external clusters) and checks that it is much smaller
// and that, with nothing configured, it stops at once with a message naming
// TEMPORAL_ADDRESS instead of trying to start a server it does not have.
func TestLeanBuildRefusesWithoutTemporalAddress(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a second binary")
	}
	t.Parallel()
	// Built like builtBinary, tags apart, so that the sizes compare and the
	// build reuses the test build's packages.
	lean, _, err := testworld.BuildBinary(t.TempDir(), "-tags", "noembedded")
	if err != nil {
		t.Fatalf("building with -tags noembedded: %v", err)
	}
	leanInfo, err := os.Stat(lean)
	if err != nil {
		t.Fatal(err)
	}
	fullInfo, err := os.Stat(builtBinary)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("lean binary %.1f MiB, full binary %.1f MiB", float64(leanInfo.Size())/(1<<20), float64(fullInfo.Size())/(1<<20))
	if leanInfo.Size()*2 > fullInfo.Size() {
		t.Errorf("lean binary is %d bytes, not under half the full one (%d): is the server still linked?", leanInfo.Size(), fullInfo.Size())
	}

	run := exec.Command(lean)
	run.Dir = t.TempDir()
	run.Env = []string{"HOME=" + run.Dir, "DATA_DIR=" + filepath.Join(run.Dir, "data"), "HTTP_ADDR=" + testworld.FreeAddr(t)}
	run.Stdin = strings.NewReader("/capacity help\n")
	out, err := run.CombinedOutput()
	if err == nil {
		t.Fatalf("the lean binary started without TEMPORAL_ADDRESS:\n%s", out)
	}
	if !strings.Contains(string(out), "set TEMPORAL_ADDRESS") {
		t.Fatalf("the refusal does not name TEMPORAL_ADDRESS:\n%s", out)
	}
}
