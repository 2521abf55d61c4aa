#include "preferences.h"

#include "chat/attachmentplanner.h"
#include "clientconfig.h"

#include <QCoreApplication>
#include <QLocale>
#include <QMetaType>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>

#include <optional>

using namespace Qt::StringLiterals;

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Preferences)
};

constexpr auto KeyBaseUrl = "endpoint/baseUrl"_L1;
constexpr auto KeyApiVersion = "endpoint/apiVersion"_L1;
constexpr auto KeyProxyMode = "proxy/mode"_L1;
constexpr auto KeyProxyType = "proxy/type"_L1;
constexpr auto KeyProxyHost = "proxy/host"_L1;
constexpr auto KeyProxyPort = "proxy/port"_L1;
constexpr auto KeyProxyUser = "proxy/user"_L1;
constexpr auto KeyRequestTimeout = "network/requestTimeoutSeconds"_L1;
constexpr auto KeyStreamIdleTimeout = "network/streamIdleTimeoutSeconds"_L1;
constexpr auto KeyRetries = "network/retries"_L1;
constexpr auto KeyInlineLimit = "attachments/inlineLimitBytes"_L1;
constexpr auto KeyTheme = "appearance/theme"_L1;
constexpr auto KeyFontPointSize = "appearance/fontPointSize"_L1;
constexpr auto KeySendKey = "appearance/sendKey"_L1;
constexpr auto KeyLanguage = "appearance/language"_L1;

constexpr qsizetype MaxTextLength = 2048; // longer than any URL, host or name a person types

// Reads one key; every fallback adds a line naming the key, what was there and what is used instead.
class Reader
{
public:
    Reader(QSettings &settings, QStringList *problems)
        : m_settings(settings)
        , m_problems(problems)
    { }

    void complain(QLatin1StringView key, const QString &why) const
    {
        if (m_problems)
            m_problems->append(Tr::tr("%1: %2").arg(key, why));
    }

    // nullopt when the key is absent or not text (the latter is reported).
    std::optional<QString> text(QLatin1StringView key) const
    {
        if (!m_settings.contains(key))
            return std::nullopt;
        const QVariant v = m_settings.value(key);
        if (v.typeId() != QMetaType::QString) {
            complain(key, Tr::tr("not a single text value; the default is used."));
            return std::nullopt;
        }
        QString s = v.toString();
        if (s.size() > MaxTextLength) {
            complain(key, Tr::tr("the value is %n characters long; the default is used.", nullptr, int(s.size())));
            return std::nullopt;
        }
        return s;
    }

    template<typename T> T number(QLatin1StringView key, T fallback, T min, T max, bool allowZero = false) const
    {
        if (!m_settings.contains(key))
            return fallback;
        const QVariant v = m_settings.value(key);
        bool ok = false;
        qint64 n = 0;
        switch (v.typeId()) {
        case QMetaType::QString:
            n = v.toString().trimmed().toLongLong(&ok);
            break;
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
            n = v.toLongLong(&ok);
            break;
        default:
            break;
        }
        if (!ok) {
            complain(key, Tr::tr("“%1” is not a whole number; %2 is used.").arg(shown(v), QString::number(fallback)));
            return fallback;
        }
        if ((n < min || n > max) && !(allowZero && n == 0)) {
            complain(key,
                Tr::tr("%1 is outside %2 to %3; %4 is used.")
                    .arg(QString::number(n), QString::number(min), QString::number(max), QString::number(fallback)));
            return fallback;
        }
        return T(n);
    }

    template<typename E> E word(QLatin1StringView key, E fallback, const QList<E> &values, QString (*name)(E)) const
    {
        const std::optional<QString> t = text(key);
        if (!t)
            return fallback;
        QStringList names;
        for (const E value : values) {
            if (t->trimmed().compare(name(value), Qt::CaseInsensitive) == 0)
                return value;
            names.append(name(value));
        }
        complain(
            key, Tr::tr("“%1” is not one of %2; “%3” is used.").arg(shown(*t), names.join(u", "_s), name(fallback)));
        return fallback;
    }

    static QString shown(const QVariant &v)
    {
        QString s = v.toString();
        if (s.size() > 40)
            s = s.left(40) + u'…';
        return s;
    }

private:
    QSettings &m_settings;
    QStringList *m_problems;
};

bool plausibleApiVersion(const QString &version)
{
    static const QRegularExpression re(u"^[A-Za-z0-9]{1,32}$"_s);
    return re.match(version).hasMatch();
}

// "de", "pt_BR", "zh_Hant_TW", "en-US": a language code QLocale knows, with optional script and
// territory; anything else would silently become the C locale.
bool plausibleLanguage(const QString &name)
{
    static const QRegularExpression re(u"^[a-z]{2,3}([_-][A-Z][a-z]{3})?([_-]([A-Z]{2}|[0-9]{3}))?$"_s);
    if (!re.match(name).hasMatch())
        return false;
    const QLocale locale(name);
    return locale.language() != QLocale::C && locale.language() != QLocale::AnyLanguage;
}

QString baseUrlProblem(const QString &text)
{
    if (text.isEmpty())
        return {};
    return ClientConfig::validateBaseUrl(QUrl(text, QUrl::StrictMode));
}
} // namespace

Preferences Preferences::read(QSettings &settings, QStringList *problems)
{
    const Reader in(settings, problems);
    Preferences p;
    const Preferences defaults;

    if (const auto url = in.text(KeyBaseUrl)) {
        const QString trimmed = url->trimmed();
        if (const QString why = baseUrlProblem(trimmed); why.isEmpty())
            p.baseUrl = trimmed;
        else
            in.complain(KeyBaseUrl, Tr::tr("%1 The default endpoint is used.").arg(why));
    }
    if (const auto version = in.text(KeyApiVersion)) {
        if (plausibleApiVersion(version->trimmed()))
            p.apiVersion = version->trimmed();
        else
            in.complain(KeyApiVersion,
                Tr::tr("“%1” is not an API version such as v1beta or v1; “%2” is used.")
                    .arg(Reader::shown(*version), defaults.apiVersion));
    }

    p.proxy.mode = in.word<ProxySettings::Mode>(KeyProxyMode, defaults.proxy.mode,
        {ProxySettings::Mode::System, ProxySettings::Mode::None, ProxySettings::Mode::Manual},
        &ProxySettings::modeName);
    p.proxy.type = in.word<ProxySettings::Type>(KeyProxyType, defaults.proxy.type,
        {ProxySettings::Type::Http, ProxySettings::Type::Socks5}, &ProxySettings::typeName);
    if (const auto host = in.text(KeyProxyHost)) {
        const QString trimmed = host->trimmed();
        if (trimmed.isEmpty() || ProxySettings::hostProblem(trimmed).isEmpty())
            p.proxy.host = trimmed;
        else
            in.complain(KeyProxyHost, ProxySettings::hostProblem(trimmed));
    }
    p.proxy.port = in.number<int>(KeyProxyPort, defaults.proxy.port, 1, 65535);
    if (const auto user = in.text(KeyProxyUser))
        p.proxy.user = *user;
    if (p.proxy.mode == ProxySettings::Mode::Manual && !p.proxy.problem().isEmpty()) {
        // A manual proxy without a usable host cannot be used: the system's settings are the
        // default, and safer than silently going direct.
        in.complain(KeyProxyMode, Tr::tr("a manual proxy needs a host; the system's proxy settings are used."));
        p.proxy.mode = defaults.proxy.mode;
    }

    p.requestTimeoutSeconds
        = in.number<int>(KeyRequestTimeout, defaults.requestTimeoutSeconds, MinTimeoutSeconds, MaxTimeoutSeconds);
    p.streamIdleTimeoutSeconds
        = in.number<int>(KeyStreamIdleTimeout, defaults.streamIdleTimeoutSeconds, MinTimeoutSeconds, MaxTimeoutSeconds);
    p.retries = in.number<int>(KeyRetries, defaults.retries, 0, MaxRetries);
    p.inlineLimitBytes = in.number<qint64>(
        KeyInlineLimit, defaults.inlineLimitBytes, MinInlineLimitBytes, AttachmentPlanner::MaxInlineLimitBytes);

    p.theme = in.word<Theme>(KeyTheme, defaults.theme, {Theme::System, Theme::Light, Theme::Dark}, &themeName);
    p.fontPointSize
        = in.number<int>(KeyFontPointSize, defaults.fontPointSize, MinFontPointSize, MaxFontPointSize, true);
    p.sendKey = in.word<SendKey>(
        KeySendKey, defaults.sendKey, {SendKey::Enter, SendKey::CtrlEnter}, &Preferences::sendKeyName);
    if (const auto language = in.text(KeyLanguage)) {
        const QString trimmed = language->trimmed();
        if (trimmed.isEmpty() || plausibleLanguage(trimmed))
            p.language = trimmed;
        else
            in.complain(KeyLanguage,
                Tr::tr("“%1” is not a language code such as “de” or “pt_BR”; the system's language is used.")
                    .arg(Reader::shown(*language)));
    }
    return p;
}

void Preferences::write(QSettings &settings) const
{
    settings.setValue(KeyBaseUrl, baseUrl);
    settings.setValue(KeyApiVersion, apiVersion);
    settings.setValue(KeyProxyMode, ProxySettings::modeName(proxy.mode));
    settings.setValue(KeyProxyType, ProxySettings::typeName(proxy.type));
    settings.setValue(KeyProxyHost, proxy.host);
    settings.setValue(KeyProxyPort, proxy.port);
    settings.setValue(KeyProxyUser, proxy.user);
    settings.setValue(KeyRequestTimeout, requestTimeoutSeconds);
    settings.setValue(KeyStreamIdleTimeout, streamIdleTimeoutSeconds);
    settings.setValue(KeyRetries, retries);
    settings.setValue(KeyInlineLimit, inlineLimitBytes);
    settings.setValue(KeyTheme, themeName(theme));
    settings.setValue(KeyFontPointSize, fontPointSize);
    settings.setValue(KeySendKey, sendKeyName(sendKey));
    settings.setValue(KeyLanguage, language);
}

QString Preferences::problem() const
{
    if (baseUrl.size() > MaxTextLength)
        return Tr::tr("The endpoint URL is too long.");
    if (baseUrl != baseUrl.trimmed())
        return Tr::tr("The endpoint URL must not start or end with spaces.");
    if (const QString why = baseUrlProblem(baseUrl); !why.isEmpty())
        return why;
    if (!plausibleApiVersion(apiVersion))
        return Tr::tr("The API version must be letters and digits only, such as v1beta or v1.");
    if (const QString why = proxy.problem(); !why.isEmpty())
        return why;
    if (proxy.port < 1 || proxy.port > 65535)
        return Tr::tr("The proxy port must be a number from 1 to 65535.");
    if (proxy.host.size() > MaxTextLength || proxy.user.size() > MaxTextLength)
        return Tr::tr("The proxy host or user name is too long.");
    const QString timeoutRange = Tr::tr("Timeouts must be from %1 to %2 seconds.")
                                     .arg(QString::number(MinTimeoutSeconds), QString::number(MaxTimeoutSeconds));
    if (requestTimeoutSeconds < MinTimeoutSeconds || requestTimeoutSeconds > MaxTimeoutSeconds)
        return timeoutRange;
    if (streamIdleTimeoutSeconds < MinTimeoutSeconds || streamIdleTimeoutSeconds > MaxTimeoutSeconds)
        return timeoutRange;
    if (retries < 0 || retries > MaxRetries)
        return Tr::tr("Retries must be from 0 to %1.").arg(MaxRetries);
    if (inlineLimitBytes < MinInlineLimitBytes || inlineLimitBytes > AttachmentPlanner::MaxInlineLimitBytes)
        return Tr::tr("The inline attachment limit must be from 1 MB to %1 MB.")
            .arg(AttachmentPlanner::MaxInlineLimitBytes / (1000 * 1000));
    if (fontPointSize != 0 && (fontPointSize < MinFontPointSize || fontPointSize > MaxFontPointSize))
        return Tr::tr("The font size must be from %1 to %2 points (or the system's).")
            .arg(MinFontPointSize)
            .arg(MaxFontPointSize);
    if (!language.isEmpty() && !plausibleLanguage(language))
        return Tr::tr("“%1” is not a language code such as “de” or “pt_BR”.").arg(language);
    return {};
}

QString Preferences::themeName(Theme theme)
{
    switch (theme) {
    case Theme::System:
        return u"system"_s;
    case Theme::Light:
        return u"light"_s;
    case Theme::Dark:
        return u"dark"_s;
    }
    return u"system"_s;
}

QString Preferences::sendKeyName(SendKey key)
{
    return key == SendKey::CtrlEnter ? u"ctrl+enter"_s : u"enter"_s;
}
