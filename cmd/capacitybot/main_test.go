package main

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/internal/testworld"
)

// builtBinary is the binary the process tests run. TestMain builds it once
// with the test build's own settings, so the build reuses the packages `go
// test` just compiled and only links; the Dockerfile's static build is
// checked by TestDockerBuildIsStatic. It is written only before any test
// runs.
var builtBinary string

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
	bin, took, err := testworld.BuildBinary(dir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the capacitybot binary: %v\n", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "built %s in %s\n", bin, took.Round(time.Millisecond))
	builtBinary = bin
	return m.Run()
}
