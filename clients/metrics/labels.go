package metrics

// Label-name bookkeeping of the hand parser: the previous line's metric name
// and label names (its "shape"), which consecutive lines usually repeat, and
// the duplicate check for names that do not follow the shape.

// repeatedName returns the length of the previous line's metric name if
// line starts with it as a whole bare name, else 0: consecutive lines
// usually belong to one metric, and the name was validated on the first.
func (p *fastParser) repeatedName(line []byte) int {
	n := len(p.lastBare)
	if n == 0 || n >= len(line) || isNameChar(line[n], false, true) || string(line[:n]) != p.lastBare {
		return 0
	}
	return n
}

// matchShape reports whether the label name at line[i] is the k-th name of
// the previous line's shape followed directly by '=', and if so returns the
// index of the '='. Such a name was validated and checked against the names
// before it on the previous line, which are also this line's names so far.
func (p *fastParser) matchShape(line []byte, i, k int) (int, bool) {
	if !p.shapeOK || k >= len(p.shapeEnds) {
		return 0, false
	}
	start := 0
	if k > 0 {
		start = int(p.shapeEnds[k-1])
	}
	name := p.shapeBuf[start:p.shapeEnds[k]]
	j := i + len(name)
	if j >= len(line) || line[j] != '=' || string(line[i:j]) != string(name) {
		return 0, false
	}
	return j, true
}

// leaveShape is called when the line's k-th label name does not follow the
// shape: the k names before it, which matched, become the line's names for
// the duplicate checks that follow.
func (p *fastParser) leaveShape(k int) {
	if !p.shapeOK {
		return
	}
	p.shapeOK = false
	if k == 0 {
		return
	}
	end := p.shapeEnds[k-1]
	p.nameBuf = append(p.nameBuf[:0], p.shapeBuf[:end]...)
	p.nameEnds = append(p.nameEnds[:0], p.shapeEnds[:k]...)
}

// keepShape makes the line's label names the shape the next line is
// compared with. Quoted names are not kept: their text differs from the
// bytes on the line.
func (p *fastParser) keepShape(bare bool) {
	p.shapeBuf, p.nameBuf = p.nameBuf, p.shapeBuf
	p.shapeEnds, p.nameEnds = p.nameEnds, p.shapeEnds
	if !bare {
		p.shapeBuf, p.shapeEnds = p.shapeBuf[:0], p.shapeEnds[:0]
	}
}

// maxLinearLabels is how many labels a line may have before duplicate
// checks switch from a scan to a map, so that a line of thousands of labels
// costs linear time.
const maxLinearLabels = 16

// seenLabel records a label name of the current line and reports whether it
// was already there. Names are copied into one buffer and found by offset,
// which is cheaper than keeping slices of them.
func (p *fastParser) seenLabel(name []byte) bool {
	if len(p.nameEnds) < maxLinearLabels {
		start := 0
		for _, end := range p.nameEnds {
			if string(p.nameBuf[start:end]) == string(name) {
				return true
			}
			start = int(end)
		}
		p.nameBuf = append(p.nameBuf, name...)
		p.nameEnds = append(p.nameEnds, int32(len(p.nameBuf)))
		return false
	}
	if p.nameSet == nil {
		p.nameSet = make(map[string]bool)
	}
	if len(p.nameSet) == 0 {
		start := 0
		for _, end := range p.nameEnds {
			p.nameSet[string(p.nameBuf[start:end])] = true
			start = int(end)
		}
	}
	if p.nameSet[string(name)] {
		return true
	}
	p.nameSet[string(name)] = true
	return false
}
