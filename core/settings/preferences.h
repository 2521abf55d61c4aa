#pragma once

#include "net/proxysettings.h"

#include <QString>
#include <QStringList>

class QSettings;

// Everything the settings dialog sets, as one value: read from and written to QSettings, compared
// to decide what must be applied. A value in the file that is missing, of the wrong type or out of
// range reads as its default, and read() names each such key in problems (the window shows a note).
struct Preferences
{
    enum class Theme {
        System,
        Light,
        Dark
    };
    enum class SendKey {
        Enter,
        CtrlEnter
    }; // Enter: Enter sends, Shift+Enter breaks the line

    // Endpoint: an empty baseUrl is the real one (ClientConfig::DefaultBaseUrl); GOOGLE_GEMINI_BASE_URL
    // and --api-base win over it.
    QString baseUrl;
    QString apiVersion = QStringLiteral("v1beta");
    ProxySettings proxy;
    // Network
    int requestTimeoutSeconds = 600;    // idle timeout of calls that do not stream, 10..3600
    int streamIdleTimeoutSeconds = 120; // silence allowed inside a streamed answer, 10..3600
    int retries = 3;                    // extra attempts after a transient failure, 0..10
    // Attachments: a request whose attachments fit under this goes inline; larger ones are uploaded.
    qint64 inlineLimitBytes = 20LL * 1000 * 1000; // 1 MB .. AttachmentPlanner::MaxInlineLimitBytes
    // Appearance
    Theme theme = Theme::System;
    int fontPointSize = 0; // 0: the system's; else 6..32
    SendKey sendKey = SendKey::Enter;
    QString language; // empty: the system's; else a QLocale name such as "de" or "en"

    friend bool operator==(const Preferences &, const Preferences &) = default;

    static constexpr int MinTimeoutSeconds = 10;
    static constexpr int MaxTimeoutSeconds = 3600;
    static constexpr int MaxRetries = 10;
    static constexpr qint64 MinInlineLimitBytes = 1000LL * 1000;
    static constexpr int MinFontPointSize = 6;
    static constexpr int MaxFontPointSize = 32;

    // Reads the "preferences" keys (group names below); problems gets one line per key that fell back.
    static Preferences read(QSettings &settings, QStringList *problems = nullptr);
    void write(QSettings &settings) const;
    // Empty when every field is in range; otherwise the first problem, in plain words.
    QString problem() const;

    static QString themeName(Theme theme);       // "system", "light", "dark"
    static QString sendKeyName(SendKey sendKey); // "enter", "ctrl+enter"
};
