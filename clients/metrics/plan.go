package metrics

import (
	"slices"
	"sort"
	"strings"
)

// Scrape planning: the Metrics API serves at most pointCap points a
// response and filters by namespace globs, so a large account is read in
// batches of prefix globs ("tenant-0*"), each sized from the points every
// namespace label had in the last scrape. Globs cover every possible name,
// not only those seen, so a namespace created since is still read.
const (
	// pointCap is the Metrics API's documented points per response.
	pointCap = 30000
	// batchTarget leaves room under pointCap for namespaces that gain
	// series or appear between two scrapes.
	batchTarget = pointCap * 4 / 5
	// maxGlobsPerRequest keeps a request's URL a few KB long.
	maxGlobsPerRequest = 200
	// maxPrefixLen bounds splitting: namespace IDs are at most ~60 bytes.
	maxPrefixLen = 72
	// allGlob is the whole account; a batch of it alone sends no filter.
	allGlob = "*"
)

// nameAlphabet is every character a namespace ID may hold (name: letters,
// digits, hyphens; then ".account"), so that splitting a prefix by its next
// character covers names never seen. Characters seen in labels are added.
const nameAlphabet = "-.0123456789_abcdefghijklmnopqrstuvwxyz"

// batch is one request's namespace globs and the points they are expected
// to return.
type batch struct {
	globs  []string
	points int
}

// leaf is one glob and its expected points.
type leaf struct {
	glob   string
	points int
}

// labelPoints is a namespace label and the points it had.
type labelPoints struct {
	label  string
	points int
}

// knowledge is the points each namespace label had when last read.
type knowledge map[string]int

// sorted is k's labels under prefix, in order.
func (k knowledge) sorted(prefix string) []labelPoints {
	out := make([]labelPoints, 0, len(k))
	for l, p := range k {
		if strings.HasPrefix(l, prefix) {
			out = append(out, labelPoints{l, p})
		}
	}
	slices.SortFunc(out, func(a, b labelPoints) int { return strings.Compare(a.label, b.label) })
	return out
}

// plan is the batches a scrape starts with: one request of everything
// when the account fits (or nothing is known yet), else prefix batches.
func (k knowledge) plan() []batch {
	return pack(cover(k.sorted(""), "", false))
}

// cover is prefix globs that together match every name under prefix, each
// expected to hold at most batchTarget points (unless it cannot be split);
// force splits prefix even when it fits.
func cover(labels []labelPoints, prefix string, force bool) []leaf {
	total := 0
	for _, l := range labels {
		total += l.points
	}
	if (!force && total <= batchTarget) || len(prefix) >= maxPrefixLen {
		return []leaf{{prefix + "*", total}}
	}
	var out []leaf
	byNext := map[byte][]labelPoints{}
	for _, l := range labels {
		if len(l.label) == len(prefix) {
			// The label is the prefix itself: name it exactly.
			out = append(out, leaf{l.label, l.points})
			continue
		}
		c := l.label[len(prefix)]
		byNext[c] = append(byNext[c], l)
	}
	next := []byte(nameAlphabet)
	for c := range byNext {
		if !strings.ContainsRune(nameAlphabet, rune(c)) {
			next = append(next, c)
		}
	}
	slices.Sort(next)
	for _, c := range next {
		out = append(out, cover(byNext[c], prefix+string(c), false)...)
	}
	return out
}

// pack puts leaves into as few batches as fit batchTarget and
// maxGlobsPerRequest (first fit, largest first); a leaf over the target
// goes alone.
func pack(leaves []leaf) []batch {
	sort.SliceStable(leaves, func(i, j int) bool { return leaves[i].points > leaves[j].points })
	var out []batch
	for _, l := range leaves {
		placed := false
		for i := range out {
			b := &out[i]
			if b.points+l.points <= batchTarget && len(b.globs) < maxGlobsPerRequest {
				b.globs, b.points, placed = append(b.globs, l.glob), b.points+l.points, true
				break
			}
		}
		if !placed {
			out = append(out, batch{globs: []string{l.glob}, points: l.points})
		}
	}
	return out
}

// split divides a batch the API answered as limited into smaller ones; nil
// when it cannot be divided (one exact name, or a prefix too long).
func (k knowledge) split(b batch) []batch {
	if len(b.globs) > 1 {
		return halves(b, k)
	}
	g := b.globs[0]
	prefix, ok := strings.CutSuffix(g, "*")
	if !ok || strings.ContainsAny(prefix, "*?[") || len(prefix) >= maxPrefixLen {
		return nil
	}
	out := pack(cover(k.sorted(prefix), prefix, true))
	if len(out) == 1 {
		// Nothing known says where the points are: halve the globs.
		return halves(out[0], k)
	}
	return out
}

// halves splits a batch's globs in two of about equal expected points (the
// globs' points re-read from k, which the limited answer taught).
func halves(b batch, k knowledge) []batch {
	leaves := make([]leaf, 0, len(b.globs))
	for _, g := range b.globs {
		leaves = append(leaves, leaf{g, k.points(g)})
	}
	sort.SliceStable(leaves, func(i, j int) bool { return leaves[i].points > leaves[j].points })
	var two [2]batch
	for _, l := range leaves {
		i := 0
		if two[1].points < two[0].points || (two[1].points == two[0].points && len(two[1].globs) < len(two[0].globs)) {
			i = 1
		}
		two[i].globs, two[i].points = append(two[i].globs, l.glob), two[i].points+l.points
	}
	return two[:]
}

// points is what k expects a glob to return.
func (k knowledge) points(glob string) int {
	n := 0
	for l, p := range k {
		if globMatches(glob, l) {
			n += p
		}
	}
	return n
}

// globMatches reads the globs the planner makes: an exact name or a prefix
// followed by "*".
func globMatches(glob, label string) bool {
	if prefix, ok := strings.CutSuffix(glob, "*"); ok {
		return strings.HasPrefix(label, prefix)
	}
	return glob == label
}

// RequestsPerScrape is how many requests a scrape of the account the probe
// saw takes: one when the answer was complete and fits a batch, else the
// batches its points fill; atLeast when the answer was limited and so held
// only part of the account.
func RequestsPerScrape(p Probe) (requests int, atLeast bool) {
	requests = max(1, (p.Points+batchTarget-1)/batchTarget)
	if p.Completeness == completenessLimited {
		return max(2, requests+1), true
	}
	return requests, false
}
