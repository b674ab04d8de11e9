package top

import "testing"

func BenchmarkTmpFormBody(b *testing.B) {
	c := NewClient("k", "s")
	ps := c.getParamSet()
	ps.addString("method", "alibaba.nlife.b2c.trade.pay")
	_ = c.encodeRequest(ps, benchRequest())
	b.ReportAllocs()
	for b.Loop() {
		ps.formBody()
	}
}

func putEscapedSwitch[S ~string | ~[]byte](dst []byte, s S) int {
	j := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch escClass[c] {
		case '0':
			dst[j] = c
			j++
		case '2':
			dst[j] = '+'
			j++
		default:
			_ = dst[j+2]
			dst[j] = '%'
			dst[j+1] = hexUpper[c>>4]
			dst[j+2] = hexUpper[c&15]
			j += 3
		}
	}
	return j
}

func BenchmarkTmpEscTable(b *testing.B) {
	c := NewClient("k", "s")
	ps := c.getParamSet()
	_ = c.encodeRequest(ps, benchRequest())
	src := string(ps.arena)
	dst := make([]byte, 3*len(src)+3)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		putEscaped(dst, src)
	}
}

func BenchmarkTmpEscSwitch(b *testing.B) {
	c := NewClient("k", "s")
	ps := c.getParamSet()
	_ = c.encodeRequest(ps, benchRequest())
	src := string(ps.arena)
	dst := make([]byte, 3*len(src)+3)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		putEscapedSwitch(dst, src)
	}
}

func BenchmarkTmpEscLen(b *testing.B) {
	c := NewClient("k", "s")
	ps := c.getParamSet()
	_ = c.encodeRequest(ps, benchRequest())
	src := string(ps.arena)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		escapedLen(src)
	}
}
