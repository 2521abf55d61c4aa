#include "themecolors.h"

#include <QLabel>
#include <QPalette>

namespace {
bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}
} // namespace

QColor ThemeColors::error(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
}

QColor ThemeColors::warning(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xf0, 0xb4, 0x29) : QColor(0xb0, 0x6d, 0x00);
}

void ThemeColors::markAsError(QLabel *label)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, error(palette));
    label->setPalette(palette);
}
