package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// builtBinary is the static binary the process tests run. TestMain builds it
// once, the way the Dockerfile does, so that every test exercises what ships;
// it is written only before any test runs.
var builtBinary string

// buildFlags are the Dockerfile's: a static, trimmed, stripped binary.
var buildFlags = []string{"build", "-trimpath", "-ldflags=-s", "-o"}

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "capacitybot-bin-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "creating a folder for the test binary: %v\n", err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }()
	bin := filepath.Join(dir, "capacitybot")
	start := time.Now()
	cmd := exec.Command("go", append(append([]string(nil), buildFlags...), bin, ".")...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "building the capacitybot binary (CGO_ENABLED=0 go %v): %v\n", cmd.Args[1:], err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "built %s in %s\n", bin, time.Since(start).Round(time.Millisecond))
	builtBinary = bin
	return m.Run()
}
