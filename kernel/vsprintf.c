// SPDX-License-Identifier: GPL-2.0-only
/*
 * vsnprintf for the kernel (and, unchanged, for the host tests): %d %i %u
 * %x %X %o %p %s %c %%, flags '-' '0' '+' ' ', width and precision (also
 * '*'), length modifiers hh h l ll z.  Output is always NUL-terminated
 * when size > 0; the return value is the length the full output would have.
 */
#include <anvil/kernel.h>
#include <anvil/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left, zero, plus, space;
	int width, prec;
};

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	size_t n = strnlen(s, sp->prec >= 0 ? (size_t)sp->prec : (size_t)-1);

	if (!sp->left)
		pad(o, ' ', sp->width - (int)n);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - (int)n);
}

static void put_num(struct out *o, u64 v, bool neg, unsigned int base, bool upper,
		    const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;
	char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (n < sp->prec)
		tmp[n++] = '0';
	len = n + (sign != 0);
	if (!sp->left && !(sp->zero && sp->prec < 0))
		pad(o, ' ', sp->width - len);
	if (sign)
		put(o, sign);
	if (!sp->left && sp->zero && sp->prec < 0)
		pad(o, '0', sp->width - len);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9')
		v = v * 10 + (*(*fmt)++ - '0');
	return v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		struct spec sp = { .prec = -1 };
		int lng = 0;	/* -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size_t */
		unsigned int base = 10;
		bool is_signed = false, upper = false;
		u64 v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			char f = *++fmt;
			if (f == '-') sp.left = true;
			else if (f == '0') sp.zero = true;
			else if (f == '+') sp.plus = true;
			else if (f == ' ') sp.space = true;
			else break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			sp.width = parse_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			} else {
				sp.prec = parse_int(&fmt);
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h') lng = lng > -2 ? lng - 1 : lng;
			else if (*fmt == 'l') lng++;
			else if (*fmt == 'z') lng = 3;
			else break;
		}

		switch (*fmt) {
		case '\0':
			fmt--;
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'c': {
			char c = (char)va_arg(ap, int);
			if (!sp.left)
				pad(&o, ' ', sp.width - 1);
			put(&o, c);
			if (sp.left)
				pad(&o, ' ', sp.width - 1);
			continue;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			put_str(&o, s ? s : "(null)", &sp);
			continue;
		}
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			sp.zero = true;
			sp.width = 2 * (int)sizeof(void *);
			put_num(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, &sp);
			continue;
		case 'd':
		case 'i':
			is_signed = true;
			break;
		case 'u':
			break;
		case 'x':
			base = 16;
			break;
		case 'X':
			base = 16;
			upper = true;
			break;
		case 'o':
			base = 8;
			break;
		default:	/* unknown conversion: print it as it stands */
			put(&o, '%');
			put(&o, *fmt);
			continue;
		}

		if (is_signed) {
			s64 s;
			switch (lng) {
			case 2: s = va_arg(ap, long long); break;
			case 1: s = va_arg(ap, long); break;
			case 3: s = (s64)va_arg(ap, size_t); break;
			default: s = va_arg(ap, int); break;
			}
			if (lng == -1) s = (short)s;
			if (lng == -2) s = (signed char)s;
			put_num(&o, s < 0 ? -(u64)s : (u64)s, s < 0, base, upper, &sp);
		} else {
			switch (lng) {
			case 2: v = va_arg(ap, unsigned long long); break;
			case 1: v = va_arg(ap, unsigned long); break;
			case 3: v = va_arg(ap, size_t); break;
			default: v = va_arg(ap, unsigned int); break;
			}
			if (lng == -1) v = (unsigned short)v;
			if (lng == -2) v = (unsigned char)v;
			put_num(&o, v, false, base, upper, &sp);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
