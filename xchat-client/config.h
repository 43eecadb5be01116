/* config.h: the user's defaults; included by main.c only. Change and
 * rebuild, as with dwm. */

/* The first font sets the row height; others are found per code point
 * by fontconfig (Chinese, symbols), colour fonts excepted. -f overrides. */
static const char *font = "DejaVu Sans:size=11";

static const char *defhost = "127.0.0.1";
static const char *defport = "6667";
static const char *room = "#lobby";
static const unsigned defw = 820, defh = 560;

static const size_t logmax = 5000;	/* lines kept per conversation */
static const size_t histmax = 200;	/* input lines remembered */
static const int connect_timeout = 15;	/* seconds, to connect and log in */
/* Seconds before each reconnection attempt; the last one repeats. */
static const int backoff[] = { 2, 4, 8, 16, 30, 60 };
static const char *nowkey = "F5 or click";	/* in the countdown: chatkeys */

#include "palette.h"	/* the nick colours, and the reserved ones */

static const char *colours[C_LAST] = {
	[C_BG]      = "#fdfdfc",
	[C_FG]      = CLR_FG,
	[C_DIM]     = CLR_DIM,
	[C_PANEL]   = "#eeeeec",
	[C_FIELD]   = "#ffffff",
	[C_BORDER]  = "#b8b8b4",
	[C_FOCUS]   = "#3465a4",
	[C_SEL]     = "#c5d8f0",
	[C_ERR]     = CLR_ERR,
	[C_ACCENT]  = "#3465a4",
	[C_MENTION] = CLR_ALERT,
	[C_BTN]     = "#e4e4e0",
	[C_BTNFG]   = "#1e1e1e",
};

/* Editing keys of any text field (login form and input line). */
static const EditKey editkeys[] = {
	{ 0,           XK_Left,      entry_left },
	{ 0,           XK_KP_Left,   entry_left },
	{ 0,           XK_Right,     entry_right },
	{ 0,           XK_KP_Right,  entry_right },
	{ 0,           XK_Home,      entry_home },
	{ 0,           XK_KP_Home,   entry_home },
	{ 0,           XK_End,       entry_end },
	{ 0,           XK_KP_End,    entry_end },
	{ 0,           XK_BackSpace, entry_backspace },
	{ 0,           XK_Delete,    entry_delete },
	{ 0,           XK_KP_Delete, entry_delete },
	{ ControlMask, XK_a,         entry_home },
	{ ControlMask, XK_e,         entry_end },
	{ ControlMask, XK_b,         entry_left },
	{ ControlMask, XK_f,         entry_right },
	{ ControlMask, XK_h,         entry_backspace },
	{ ControlMask, XK_d,         entry_delete },
	{ ControlMask, XK_u,         entry_kill_start },
	{ ControlMask, XK_k,         entry_kill_end },
	{ ControlMask, XK_w,         entry_kill_word },
};

/* Keys of the whole window, either screen. */
static const Key keys[] = {
	{ ControlMask, XK_v,         paste,      { .i = 1 } },
	{ ShiftMask,   XK_Insert,    paste,      { .i = 0 } },
	{ ShiftMask,   XK_KP_Insert, paste,      { .i = 0 } },
	{ ControlMask, XK_c,         copy,       { 0 } },
};

/* Keys of the chat screen. */
static const Key chatkeys[] = {
	{ 0,           XK_Return,    sendinput,  { 0 } },
	{ 0,           XK_KP_Enter,  sendinput,  { 0 } },
	{ 0,           XK_Prior,     page,       { .i = 1 } },
	{ 0,           XK_Next,      page,       { .i = 0 } },
	{ 0,           XK_KP_Prior,  page,       { .i = 1 } },
	{ 0,           XK_KP_Next,   page,       { .i = 0 } },
	{ ControlMask, XK_End,       bottom,     { 0 } },
	{ 0,           XK_F5,        reconnect,  { 0 } },
	{ 0,           XK_Up,        history,    { .i = 1 } },
	{ 0,           XK_Down,      history,    { .i = 0 } },
	{ 0,           XK_Tab,       complete,   { 0 } },
	{ ControlMask, XK_Prior,     tab,        { .i = -1 } },
	{ ControlMask, XK_Next,      tab,        { .i = +1 } },
	{ Mod1Mask,    XK_Left,      tab,        { .i = -1 } },
	{ Mod1Mask,    XK_Right,     tab,        { .i = +1 } },
	{ Mod1Mask,    XK_1,         tabto,      { .i = 0 } },
	{ Mod1Mask,    XK_2,         tabto,      { .i = 1 } },
	{ Mod1Mask,    XK_3,         tabto,      { .i = 2 } },
	{ Mod1Mask,    XK_4,         tabto,      { .i = 3 } },
	{ Mod1Mask,    XK_5,         tabto,      { .i = 4 } },
	{ Mod1Mask,    XK_6,         tabto,      { .i = 5 } },
	{ Mod1Mask,    XK_7,         tabto,      { .i = 6 } },
	{ Mod1Mask,    XK_8,         tabto,      { .i = 7 } },
	{ Mod1Mask,    XK_9,         tabto,      { .i = 8 } },
};

/* Keys of the login screen. */
static const Key loginkeys[] = {
	{ 0,           XK_Return,    submit,     { 0 } },
	{ 0,           XK_KP_Enter,  submit,     { 0 } },
	{ 0,           XK_Tab,       focusnext,  { .i = +1 } },
	{ ShiftMask,   XK_ISO_Left_Tab, focusnext, { .i = -1 } },
	{ ShiftMask,   XK_Tab,       focusnext,  { .i = -1 } },
	{ 0,           XK_Down,      focusnext,  { .i = +1 } },
	{ 0,           XK_Up,        focusnext,  { .i = -1 } },
};
