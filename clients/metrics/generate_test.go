package metrics

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// generatePayload writes a Metrics API response for the parse benchmarks and
// returns the number of data points written: OpenMetrics 1.0 text with a
// TYPE line for each of the five usage metrics (and a HELP line for the
// action count), seriesPerNamespace action-count series per namespace
// (alternating is_background, split over four regions, all
// namespace_mode="active"), one series per namespace of each other metric,
// integer millisecond timestamps as the Metrics API serves, and "# EOF". Its
// output is the same for the same arguments.
func generatePayload(w io.Writer, namespaces int, seriesPerNamespace int, ts time.Time) int {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	namespaces = max(namespaces, 0)
	seriesPerNamespace = max(seriesPerNamespace, 1)
	tsMs := strconv.FormatInt(ts.UnixMilli(), 10)
	regions := []string{"aws-us-east-1", "aws-us-west-2", "aws-eu-west-1", "gcp-us-central1"}
	points := 0

	nsName := func(i int) string { return fmt.Sprintf("namespace-%05d.acct%d", i, i%7) }

	fmt.Fprintf(bw, "# TYPE %s gauge\n# HELP %s The number of actions per second.\n",
		clients.MetricActionCount, clients.MetricActionCount)
	for i := range namespaces {
		for s := range seriesPerNamespace {
			bg := "false"
			if s%2 == 1 {
				bg = "true"
			}
			value := float64((i*37+s*11)%1000) / 7
			fmt.Fprintf(bw, "%s{temporal_namespace=%q,temporal_account=\"acct%d\",region=%q,is_background=%q,namespace_mode=\"active\"} %s %s\n",
				clients.MetricActionCount, nsName(i), i%7, regions[(s/2)%len(regions)], bg,
				strconv.FormatFloat(value, 'g', -1, 64), tsMs)
			points++
		}
	}
	for _, metric := range []string{clients.MetricActionLimit, clients.MetricActionThrottled,
		clients.MetricProvisionedTRUs, clients.MetricOnDemandEnvelopeLimit} {
		fmt.Fprintf(bw, "# TYPE %s gauge\n", metric)
		for i := range namespaces {
			fmt.Fprintf(bw, "%s{temporal_namespace=%q,temporal_account=\"acct%d\",region=%q} %s %s\n",
				metric, nsName(i), i%7, regions[i%len(regions)], generatedValue(metric, i), tsMs)
			points++
		}
	}
	bw.WriteString("# EOF\n")
	return points
}

func generatedValue(metric string, i int) string {
	switch metric {
	case clients.MetricActionLimit:
		return strconv.Itoa(500 * (1 + i%4))
	case clients.MetricActionThrottled:
		if i%13 == 0 {
			return "1.5e-1"
		}
		return "0"
	case clients.MetricProvisionedTRUs:
		return strconv.Itoa(i % 4)
	default:
		return strconv.Itoa(400 + 100*(i%3))
	}
}
