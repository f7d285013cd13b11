package perf

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Mem is a process's resident memory as /proc/<pid>/status reports it.
// File pages are the binary's own, clean and shared with every process
// running the same file; Anon is what the process itself allocated (heap,
// stacks). The split matters for a 200 MB binary: much of its RSS is
// pages of the executable, not memory it uses.
type Mem struct {
	RSS, Anon, File int64 // bytes
}

// ReadMem reads a process's VmRSS, RssAnon and RssFile. It is Linux-only;
// elsewhere it returns an error and the footprint benchmarks skip.
func ReadMem(pid int) (Mem, error) {
	path := fmt.Sprintf("/proc/%d/status", pid)
	data, err := os.ReadFile(path)
	if err != nil {
		return Mem{}, fmt.Errorf("reading %s: %w", path, err)
	}
	return parseStatus(data)
}

// RSS reads a process's resident set size (VmRSS) in bytes.
func RSS(pid int) (int64, error) {
	m, err := ReadMem(pid)
	return m.RSS, err
}

// parseStatus finds the "VmRSS:  1234 kB" line (required) and the RssAnon
// and RssFile lines (kernels since 4.5) of a status file.
func parseStatus(status []byte) (Mem, error) {
	var m Mem
	fields := map[string]*int64{"VmRSS:": &m.RSS, "RssAnon:": &m.Anon, "RssFile:": &m.File}
	seenRSS := false
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		dst, known := fields[name+":"]
		if !ok || !known {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return Mem{}, fmt.Errorf("unexpected %s line %q", name, sc.Text())
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return Mem{}, fmt.Errorf("parsing %s %q: %w", name, f[0], err)
		}
		*dst = kb * 1024
		seenRSS = seenRSS || name == "VmRSS"
	}
	if !seenRSS {
		return Mem{}, fmt.Errorf("no VmRSS line in the status file")
	}
	return m, nil
}

// MiB is a byte count in mebibytes, for b.ReportMetric.
func MiB(n int64) float64 { return float64(n) / (1 << 20) }
