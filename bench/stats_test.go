package bench

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	cases := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty sample is zero", nil, 50, 0},
		{"one value is every percentile", []time.Duration{7}, 99, 7},
		{"median of 1..100 is 50", hundred, 50, 50 * time.Millisecond},
		{"p95 of 1..100 is 95", hundred, 95, 95 * time.Millisecond},
		{"p99 of 1..100 is 99", hundred, 99, 99 * time.Millisecond},
		{"p100 is the maximum", hundred, 100, 100 * time.Millisecond},
		{"nearest rank rounds up", []time.Duration{1, 2, 3}, 50, 2},
	}
	for _, c := range cases {
		if got := Percentile(c.sorted, c.p); got != c.want {
			t.Errorf("%s: Percentile(p%v) = %v, want %v", c.name, c.p, got, c.want)
		}
	}
}

func TestSummarizeLeavesItsInputAlone(t *testing.T) {
	d := []time.Duration{3, 1, 2}
	s := Summarize(d)
	if s.N != 3 || s.P50 != 2 || s.Max != 3 {
		t.Errorf("Summarize = %+v", s)
	}
	if d[0] != 3 || d[1] != 1 || d[2] != 2 {
		t.Errorf("input reordered: %v", d)
	}
}

func TestMedian(t *testing.T) {
	if got := Median([]float64{3, 1, 2, 10}); got != 2 {
		t.Errorf("Median = %v, want the lower middle value 2", got)
	}
	if got := Median([]int{}); got != 0 {
		t.Errorf("Median of nothing = %v", got)
	}
}
