package deploy

import (
	"fmt"
	"regexp"
	"strings"
)

// No PromQL parser is in the module graph (github.com/prometheus/prometheus
// would bring the whole server), so expressions are checked by a small
// scanner: brackets balance, strings close, and every metric name and
// equality matcher is found. It is enough to catch a misspelled name, label
// or value, which is what goes stale when the code changes.

// promqlWords are PromQL's keywords, which look like names.
var promqlWords = map[string]bool{
	"by": true, "without": true, "and": true, "or": true, "unless": true, "on": true,
	"ignoring": true, "group_left": true, "group_right": true, "bool": true, "offset": true,
	"inf": true, "nan": true,
	// aggregation operators, which may be followed by "by (...)" before
	// their "(": not a metric either way
	"sum": true, "min": true, "max": true, "avg": true, "group": true, "stddev": true, "stdvar": true,
	"count": true, "count_values": true, "bottomk": true, "topk": true, "quantile": true,
	"limitk": true, "limit_ratio": true,
}

// selector is one metric name in an expression and its equality matchers.
type selector struct {
	name     string
	matchers map[string]string // label = value (=~ and != are not checked)
}

var (
	identRE   = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*`)
	matcherRE = regexp.MustCompile(`^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?`)
)

// scanPromQL returns the selectors of expr, or an error for unbalanced
// brackets, an unclosed string or a malformed matcher list.
func scanPromQL(expr string) ([]selector, error) {
	var out []selector
	var stack []byte
	closing := map[byte]byte{')': '(', ']': '[', '}': '{'}
	afterGrouping := false // just read by/without/on/ignoring/group_*: the next (...) holds labels
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			end := strings.IndexByte(expr[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("unclosed string at %d", i)
			}
			i += end + 2
		case c == '(' || c == '[':
			if c == '(' && afterGrouping {
				end := strings.IndexByte(expr[i:], ')')
				if end < 0 {
					return nil, fmt.Errorf("unclosed label list at %d", i)
				}
				i += end + 1
				afterGrouping = false
				continue
			}
			if c == '[' {
				end := strings.IndexByte(expr[i:], ']')
				if end < 0 {
					return nil, fmt.Errorf("unclosed range at %d", i)
				}
				i += end + 1
				continue
			}
			stack = append(stack, c)
			i++
		case c == ')' || c == ']' || c == '}':
			if len(stack) == 0 || stack[len(stack)-1] != closing[c] {
				return nil, fmt.Errorf("unbalanced %q at %d", c, i)
			}
			stack = stack[:len(stack)-1]
			i++
		case c == '{':
			// A selector without a name ({__name__=...}) is not used here.
			return nil, fmt.Errorf("matchers without a metric name at %d", i)
		case identRE.MatchString(expr[i:]) && (i == 0 || !isNumberChar(expr[i-1])):
			word := identRE.FindString(expr[i:])
			i += len(word)
			rest := strings.TrimLeft(expr[i:], " \t\n")
			switch {
			case promqlWords[strings.ToLower(word)]:
				afterGrouping = word == "by" || word == "without" || word == "on" || word == "ignoring" ||
					word == "group_left" || word == "group_right"
			case strings.HasPrefix(rest, "("):
				// a function or an aggregation
			default:
				sel := selector{name: word, matchers: map[string]string{}}
				if strings.HasPrefix(rest, "{") {
					i += len(expr[i:]) - len(rest) + 1
					for {
						if j := strings.IndexFunc(expr[i:], func(r rune) bool { return r != ' ' }); j >= 0 && expr[i+j] == '}' {
							i += j + 1
							break
						}
						m := matcherRE.FindStringSubmatch(expr[i:])
						if m == nil {
							return nil, fmt.Errorf("malformed matcher after %s at %d", word, i)
						}
						if m[2] == "=" {
							sel.matchers[m[1]] = m[3]
						}
						i += len(m[0])
					}
				}
				out = append(out, sel)
			}
		default:
			i++
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("unclosed %q", stack)
	}
	return out, nil
}

func isNumberChar(c byte) bool { return c >= '0' && c <= '9' || c == '.' }
