/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel image layout.  Linked in the linear map at PAGE_OFFSET +
 * TEXT_OFFSET; QEMU loads the raw image at RAM base + TEXT_OFFSET, so
 * virtual - physical is the same for every byte of the image.
 */
#include <asm/memory.h>


OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
	. = PAGE_OFFSET + TEXT_OFFSET;
	_text = .;
	.text : {
		*(.head.text)
		*(.text .text.*)
	}
	. = ALIGN(4096);
	_etext = .;
	.rodata : {
		*(.rodata .rodata.*)
		. = ALIGN(4);
		__ktest_start = .;
		KEEP(*(.ktest))
		__ktest_end = .;
		__ex_table_start = .;
		KEEP(*(__ex_table))
		__ex_table_end = .;
	}
	.ARM.exidx : { *(.ARM.exidx*) }
	. = ALIGN(4096);
	_data = .;
	.data : { *(.data .data.*) }
	_edata = .;
	. = ALIGN(16384);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss.pgdir)
		*(.bss .bss.* COMMON)
		. = ALIGN(4096);
		__bss_stop = .;
	}
	_end = .;

	/DISCARD/ : { *(.comment) *(.note*) *(.ARM.attributes) }
	.debug_info 0 : { *(.debug_info) }
	.debug_abbrev 0 : { *(.debug_abbrev) }
	.debug_line 0 : { *(.debug_line) }
	.debug_str 0 : { *(.debug_str) }
	.debug_line_str 0 : { *(.debug_line_str) }
	.debug_aranges 0 : { *(.debug_aranges) }
	.debug_frame 0 : { *(.debug_frame) }
	.debug_loclists 0 : { *(.debug_loclists) }
	.debug_rnglists 0 : { *(.debug_rnglists) }
	.debug_loc 0 : { *(.debug_loc) }
	.debug_ranges 0 : { *(.debug_ranges) }
}
