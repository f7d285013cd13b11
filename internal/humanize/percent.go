package humanize

import "strconv"

// Percent prints a share (0.8 for 80%) as a whole percentage ("80%"), the
// precision a throttling alert needs; halves round to even as strconv does.
func Percent(share float64) string {
	return strconv.FormatFloat(share*100, 'f', 0, 64) + "%"
}
