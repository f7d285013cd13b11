package temporalserver

import (
	"fmt"
	"net"
	"strconv"
)

const loopback = "127.0.0.1"

// ports are the gRPC ports of the four services.
type ports struct {
	frontend, history, matching, worker int
}

func (p ports) frontendAddress() string { return address(p.frontend) }

func address(port int) string { return net.JoinHostPort(loopback, strconv.Itoa(port)) }

// pickPorts checks that the requested frontend port is free (0: any) and
// picks free ports for everything else. A port picked here could in theory be
// taken again before the server binds it; the server then fails to start with
// a bind error, which Start reports.
func pickPorts(frontend int) (ports, error) {
	if frontend < 0 || frontend > 65535 {
		return ports{}, fmt.Errorf("frontend port %d is not a valid port", frontend)
	}
	var p ports
	var err error
	if frontend != 0 {
		if err := checkFree(frontend); err != nil {
			return ports{}, fmt.Errorf("frontend port %d on %s is not available: %w", frontend, loopback, err)
		}
		p.frontend = frontend
	}
	targets := []*int{&p.history, &p.matching, &p.worker}
	if p.frontend == 0 {
		targets = append(targets, &p.frontend)
	}
	// Hold every listener open until all are picked, so no port is chosen twice.
	var held []net.Listener
	defer func() {
		for _, l := range held {
			_ = l.Close()
		}
	}()
	for _, t := range targets {
		l, lerr := net.Listen("tcp", net.JoinHostPort(loopback, "0"))
		if lerr != nil {
			err = fmt.Errorf("picking a free port on %s: %w", loopback, lerr)
			return ports{}, err
		}
		held = append(held, l)
		*t = l.Addr().(*net.TCPAddr).Port
	}
	return p, nil
}

func checkFree(port int) error {
	l, err := net.Listen("tcp", net.JoinHostPort(loopback, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	return l.Close()
}
