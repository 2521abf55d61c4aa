#include "systempresets.h"

#include <QLocale>
#include <QLoggingCategory>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcPresets, "alhena.presets", QtInfoMsg)

const auto GroupKey = "systemPresets"_L1;
const auto NameKey = "name"_L1;
const auto TextKey = "text"_L1;

// Control characters (a pasted line break, an escape) would make the name unreadable in a combo
// box and in the settings file, so they become spaces before the usual trimming.
QString normalizedName(const QString &name)
{
    QString out = name;
    for (QChar &c : out) {
        if (c.category() == QChar::Other_Control)
            c = u' ';
    }
    return out.simplified();
}

bool lessByName(const SystemPreset &a, const SystemPreset &b)
{
    const int folded = a.name.compare(b.name, Qt::CaseInsensitive);
    return folded != 0 ? folded < 0 : a.name < b.name;
}

// A value from a hand-edited or damaged file: an unquoted "a, b" reads back as a list, and
// anything that is not text (an @Variant blob, a number from another format) is refused.
std::optional<QString> textValue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QString:
        return value.toString();
    case QMetaType::QStringList:
        return value.toStringList().join(", "_L1);
    case QMetaType::QByteArray:
        return QString::fromUtf8(value.toByteArray());
    default:
        return std::nullopt;
    }
}

// Keeps a hostile name from flooding a message.
QString shortName(const QString &name)
{
    constexpr int MaxShown = 40;
    const QString simple = normalizedName(name);
    return simple.size() <= MaxShown ? simple : simple.left(MaxShown - 1) + u'…';
}

} // namespace

SystemPresets::SystemPresets(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    load();
}

std::optional<SystemPreset> SystemPresets::find(const QString &name) const
{
    const int index = indexOf(name);
    if (index < 0)
        return std::nullopt;
    return m_presets.at(index);
}

SystemPresets::Result SystemPresets::save(const QString &name, const QString &text)
{
    const QString clean = normalizedName(name);
    if (clean.isEmpty())
        return Result::EmptyName;
    if (clean.size() > MaxNameLength)
        return Result::NameTooLong;
    if (text.size() > MaxTextLength)
        return Result::TextTooLong;

    const int index = indexOf(clean);
    if (index >= 0) {
        // The stored spelling stays: saving "tone" over "Tone" replaces the text only.
        if (m_presets.at(index).text == text)
            return Result::Ok;
        m_presets[index].text = text;
    } else {
        const SystemPreset preset {clean, text};
        m_presets.insert(std::upper_bound(m_presets.begin(), m_presets.end(), preset, lessByName), preset);
    }
    store();
    Q_EMIT changed();
    return Result::Ok;
}

SystemPresets::Result SystemPresets::rename(const QString &from, const QString &to)
{
    const int index = indexOf(from);
    if (index < 0)
        return Result::NotFound;
    const QString clean = normalizedName(to);
    if (clean.isEmpty())
        return Result::EmptyName;
    if (clean.size() > MaxNameLength)
        return Result::NameTooLong;
    const int other = indexOf(clean);
    if (other >= 0 && other != index)
        return Result::NameTaken;
    if (m_presets.at(index).name == clean)
        return Result::Ok;

    m_presets[index].name = clean;
    std::sort(m_presets.begin(), m_presets.end(), lessByName);
    store();
    Q_EMIT changed();
    return Result::Ok;
}

SystemPresets::Result SystemPresets::remove(const QString &name)
{
    const int index = indexOf(name);
    if (index < 0)
        return Result::NotFound;
    m_presets.removeAt(index);
    store();
    Q_EMIT changed();
    return Result::Ok;
}

QString SystemPresets::resultText(Result result, const QString &name)
{
    switch (result) {
    case Result::Ok:
        return {};
    case Result::EmptyName:
        return tr("A preset needs a name.");
    case Result::NameTooLong:
        return tr("A preset name can be at most %n characters long.", nullptr, MaxNameLength);
    case Result::TextTooLong:
        return tr("A preset can hold at most %1 characters of text.").arg(QLocale().toString(MaxTextLength));
    case Result::NameTaken:
        return tr("A preset named “%1” exists already.").arg(shortName(name));
    case Result::NotFound:
        return tr("There is no preset named “%1”.").arg(shortName(name));
    }
    return {};
}

void SystemPresets::load()
{
    m_presets.clear();
    if (!m_settings)
        return;

    // The array is read through its child groups rather than its "size" key, so a damaged or
    // hostile size (missing, negative, two billion) or a gap in the numbering loses nothing valid.
    m_settings->beginGroup(GroupKey);
    QList<int> indexes;
    const QStringList groups = m_settings->childGroups();
    for (const QString &group : groups) {
        bool ok = false;
        const int index = group.toInt(&ok);
        if (ok && index > 0)
            indexes.append(index);
    }
    std::sort(indexes.begin(), indexes.end());

    int skipped = 0;
    for (const int index : std::as_const(indexes)) {
        const QString prefix = QString::number(index) + u'/';
        const std::optional<QString> rawName = textValue(m_settings->value(prefix + NameKey));
        const std::optional<QString> text = textValue(m_settings->value(prefix + TextKey));
        const QString name = rawName ? normalizedName(*rawName) : QString();
        if (name.isEmpty() || name.size() > MaxNameLength || !text || text->size() > MaxTextLength
            || indexOf(name) >= 0) {
            ++skipped;
            continue;
        }
        m_presets.append({name, *text});
    }
    m_settings->endGroup();

    std::sort(m_presets.begin(), m_presets.end(), lessByName);
    if (skipped > 0)
        qCWarning(lcPresets) << "skipped" << skipped << "damaged system-instruction presets in the settings";
    if (m_settings->status() != QSettings::NoError)
        qCWarning(lcPresets) << "the settings file could not be read fully:" << m_settings->status();
}

void SystemPresets::store()
{
    if (!m_settings)
        return;
    // The whole array is rewritten so that entries skipped as damaged do not linger behind it.
    m_settings->remove(GroupKey);
    m_settings->beginWriteArray(GroupKey, int(m_presets.size()));
    for (int i = 0; i < m_presets.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(NameKey, m_presets.at(i).name);
        m_settings->setValue(TextKey, m_presets.at(i).text);
    }
    m_settings->endArray();
    m_settings->sync();
    // The list in memory stays as it is either way: the user keeps their presets for this session.
    if (m_settings->status() != QSettings::NoError)
        qCWarning(lcPresets) << "the presets may not have been written to the settings:" << m_settings->status();
}

int SystemPresets::indexOf(const QString &name) const
{
    const QString clean = normalizedName(name);
    if (clean.isEmpty())
        return -1;
    const auto it = std::find_if(m_presets.cbegin(), m_presets.cend(),
        [&clean](const SystemPreset &p) { return p.name.compare(clean, Qt::CaseInsensitive) == 0; });
    return it == m_presets.cend() ? -1 : int(it - m_presets.cbegin());
}
