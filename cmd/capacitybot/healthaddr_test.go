package main

import (
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBusyDefaultHTTPAddrFallsBackButAChosenOneIsFatal holds the default
// health port and checks both cases: with HTTP_ADDR unset the bot still
// starts (on a free port, with a warning); with HTTP_ADDR set to a busy
// address it refuses to start and names the setting.
func TestBusyDefaultHTTPAddrFallsBackButAChosenOneIsFatal(t *testing.T) {
	if l, err := net.Listen("tcp", "127.0.0.1:8080"); err == nil {
		defer l.Close() // else something else already holds it: just as busy
	}
	run := func(env ...string) (string, error) {
		dir := t.TempDir()
		cmd := exec.Command(builtBinary)
		cmd.Dir = dir
		cmd.Env = append([]string{"HOME=" + dir, "TMPDIR=" + dir, "DATA_DIR=" + filepath.Join(dir, "data")}, env...)
		cmd.Stdin = strings.NewReader("/capacity help\n")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	out, err := run()
	if err != nil {
		t.Fatalf("with HTTP_ADDR unset and 8080 busy the bot did not run: %v\n%s", err, out)
	}
	if !strings.Contains(out, "default HTTP_ADDR is taken") || !strings.Contains(out, "Usage of /capacity") {
		t.Fatalf("no fallback warning or no help answer:\n%s", out)
	}

	out, err = run("HTTP_ADDR=127.0.0.1:8080")
	if err == nil {
		t.Fatalf("a busy HTTP_ADDR set on purpose was not fatal:\n%s", out)
	}
	if !strings.Contains(out, "set HTTP_ADDR") {
		t.Fatalf("the error does not name HTTP_ADDR:\n%s", out)
	}
}
