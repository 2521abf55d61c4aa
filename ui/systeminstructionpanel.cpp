#include "systeminstructionpanel.h"

#include "chat/systempresets.h"
#include "themecolors.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTextBlock>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int EditorLines = 6;
// Long enough to tell presets apart in a menu, short enough for a narrow dock.
constexpr int MaxShownNameLength = 32;
constexpr int PreviewLength = 300;
// Qt 6.4 lays out a line with no break opportunity in quadratic time when it wraps "at word
// boundary or anywhere": a pasted megabyte without spaces froze the panel for minutes, against
// under a second with plain word wrap. Such text switches to word wrap until it is gone.
constexpr int MaxUnbrokenRun = 2000;
constexpr auto UsualWrapMode = QTextOption::WrapAtWordBoundaryOrAnywhere;

QString shortName(const QString &name)
{
    return name.size() <= MaxShownNameLength ? name : name.left(MaxShownNameLength - 1) + u'…';
}

// The text as typed. Unlike toPlainText(), keeps non-breaking spaces, so that a preset's text and
// the instruction sent are exactly what the user wrote.
QString plainText(const QPlainTextEdit *edit)
{
    QString text = edit->document()->toRawText();
    text.replace(QChar::ParagraphSeparator, u'\n');
    text.replace(QChar::LineSeparator, u'\n');
    return text;
}

bool hasLongUnbrokenRun(QStringView text)
{
    int run = 0;
    for (const QChar c : text) {
        run = c.isSpace() ? 0 : run + 1;
        if (run > MaxUnbrokenRun)
            return true;
    }
    return false;
}

bool isBlank(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isSpace(); });
}

QLabel *messageLabel(const char *objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    ThemeColors::markAsError(label);
    label->hide();
    return label;
}

} // namespace

struct SystemInstructionPanel::Private
{
    Private(SystemInstructionPanel *panel, SystemPresets *list)
        : q(panel)
        , presets(list)
    { }

    SystemInstructionPanel *q;
    SystemPresets *presets;

    QComboBox *combo = nullptr;
    QToolButton *menuButton = nullptr;
    QAction *saveNewAction = nullptr;
    QAction *saveToAction = nullptr;
    QAction *renameAction = nullptr;
    QAction *deleteAction = nullptr;
    QLabel *presetMessage = nullptr;
    QPlainTextEdit *edit = nullptr;
    QLabel *info = nullptr;
    QLabel *error = nullptr;

    NamePrompt namePrompt;
    Confirmation confirmation;

    // The preset the text came from; it stays picked while the text is edited, so the edits can be
    // saved back to it.
    QString picked;
    // What changed() last reported, so a change of the presets elsewhere emits only when it matters.
    QString reportedActive;
    bool settingText = false;
    bool changingPresets = false;

    std::optional<SystemPreset> pickedPreset() const { return picked.isEmpty() ? std::nullopt : presets->find(picked); }
    bool isEdited() const
    {
        const auto preset = pickedPreset();
        return preset && preset->text != plainText(edit);
    }
    QString active() const
    {
        const auto preset = pickedPreset();
        return preset && preset->text == plainText(edit) ? preset->name : QString();
    }

    void build();
    void rebuildCombo();
    void updateState();
    // Emits changed() when the text changed or the preset in use is another one than last reported.
    void report(bool textChanged);

    void replaceText(const QString &text);
    void guardWrapping(int from, int added);
    void restoreWrapping();
    void setPresetMessage(const QString &message);
    bool refused(SystemPresets::Result result, const QString &name);

    void pick(int index);
    void saveAsNew();
    void saveToPicked();
    void renamePicked();
    void deletePicked();
    void presetsChanged();

    std::optional<QString> askName(const QString &title, const QString &label, const QString &name);
    bool confirm(const QString &title, const QString &question);
};

void SystemInstructionPanel::Private::build()
{
    auto *layout = new QVBoxLayout(q);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto *row = new QHBoxLayout;
    row->setSpacing(4);
    auto *presetLabel = new QLabel(tr("Pre&set:"), q);
    combo = new QComboBox(q);
    combo->setObjectName(u"presetCombo"_s);
    // Long preset names must not widen the narrow dock.
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(8);
    combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    combo->setToolTip(tr("Fills the instructions with a saved preset; “No preset” keeps the text as it is."));
    presetLabel->setBuddy(combo);

    menuButton = new QToolButton(q);
    menuButton->setObjectName(u"presetMenuButton"_s);
    menuButton->setText(tr("Presets"));
    menuButton->setIcon(QIcon::fromTheme(u"document-save"_s));
    menuButton->setToolButtonStyle(Qt::ToolButtonFollowStyle);
    menuButton->setPopupMode(QToolButton::InstantPopup);
    menuButton->setToolTip(tr("Saves the instructions as a preset, or renames or deletes the picked preset."));
    menuButton->setAccessibleName(tr("Preset actions"));
    auto *menu = new QMenu(menuButton);
    saveNewAction = menu->addAction(tr("Save as New Preset…"));
    saveNewAction->setObjectName(u"saveAsNewPresetAction"_s);
    saveToAction = menu->addAction(QString());
    saveToAction->setObjectName(u"saveToPresetAction"_s);
    menu->addSeparator();
    renameAction = menu->addAction(tr("Rename…"));
    renameAction->setObjectName(u"renamePresetAction"_s);
    deleteAction = menu->addAction(tr("Delete"));
    deleteAction->setObjectName(u"deletePresetAction"_s);
    menuButton->setMenu(menu);

    row->addWidget(presetLabel);
    row->addWidget(combo, 1);
    row->addWidget(menuButton);
    layout->addLayout(row);

    presetMessage = messageLabel("presetMessage", q);
    layout->addWidget(presetMessage);

    edit = new QPlainTextEdit(q);
    edit->setObjectName(u"systemInstructionEdit"_s);
    edit->setPlaceholderText(tr("Optional tone and style instructions for the model"));
    edit->setAccessibleName(tr("System instructions"));
    edit->setToolTip(tr("Instructions the model follows for the whole conversation, such as a tone, style or "
                        "role; when empty, none are sent."));
    // A settings field: Tab moves on rather than typing a tab.
    edit->setTabChangesFocus(true);
    edit->setWordWrapMode(UsualWrapMode);
    const int frame = edit->frameWidth() * 2 + int(edit->document()->documentMargin() * 2);
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * EditorLines + frame);
    layout->addWidget(edit);

    info = new QLabel(q);
    info->setObjectName(u"systemInstructionInfo"_s);
    info->setWordWrap(true);
    info->setTextFormat(Qt::PlainText);
    info->setForegroundRole(QPalette::PlaceholderText);
    QFont small = info->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    info->setFont(small);
    layout->addWidget(info);

    error = messageLabel("systemInstructionError", q);
    layout->addWidget(error);

    QWidget::setTabOrder(combo, menuButton);
    QWidget::setTabOrder(menuButton, edit);

    QObject::connect(combo, &QComboBox::activated, q, [this](int index) { pick(index); });
    QObject::connect(saveNewAction, &QAction::triggered, q, [this] { saveAsNew(); });
    QObject::connect(saveToAction, &QAction::triggered, q, [this] { saveToPicked(); });
    QObject::connect(renameAction, &QAction::triggered, q, [this] { renamePicked(); });
    QObject::connect(deleteAction, &QAction::triggered, q, [this] { deletePicked(); });
    // Emitted before the document is laid out, so the wrap mode can still change in time.
    QObject::connect(edit->document(), &QTextDocument::contentsChange, q,
        [this](int from, int, int added) { guardWrapping(from, added); });
    QObject::connect(edit, &QPlainTextEdit::textChanged, q, [this] {
        restoreWrapping();
        if (settingText)
            return;
        setPresetMessage({});
        updateState();
        report(true);
    });
    QObject::connect(presets, &SystemPresets::changed, q, [this] { presetsChanged(); });
}

void SystemInstructionPanel::Private::rebuildCombo()
{
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(tr("No preset"), QString());
    combo->setItemData(0, tr("Instructions of your own, not saved as a preset"), Qt::ToolTipRole);
    const QList<SystemPreset> all = presets->presets();
    for (const SystemPreset &preset : all) {
        combo->addItem(preset.name, preset.name);
        QString preview = preset.text.left(PreviewLength);
        if (preset.text.size() > PreviewLength)
            preview += u'…';
        combo->setItemData(combo->count() - 1, preview, Qt::ToolTipRole);
    }
    updateState();
}

void SystemInstructionPanel::Private::updateState()
{
    const auto preset = pickedPreset();
    if (!preset)
        picked.clear();
    const bool edited = preset && isEdited();

    int index = 0;
    if (preset) {
        const int found = combo->findData(preset->name);
        index = found > 0 ? found : 0;
    }
    {
        const QSignalBlocker blocker(combo);
        for (int i = 1; i < combo->count(); ++i) {
            const QString name = combo->itemData(i).toString();
            combo->setItemText(i, i == index && edited ? tr("%1 (edited)").arg(name) : name);
        }
        combo->setCurrentIndex(index);
    }

    const QString text = plainText(edit);
    const bool blank = isBlank(text);
    saveNewAction->setEnabled(!blank);
    saveToAction->setEnabled(edited);
    saveToAction->setText(preset ? tr("Save to “%1”").arg(shortName(preset->name)) : tr("Save to Preset"));
    renameAction->setEnabled(bool(preset));
    deleteAction->setEnabled(bool(preset));

    QStringList parts;
    if (blank) {
        parts.append(tr("Empty: no system instruction is sent"));
    } else {
        // characterCount() counts the final paragraph separator.
        const int count = edit->document()->characterCount() - 1;
        parts.append(count == 1 ? tr("1 character") : tr("%1 characters").arg(QLocale().toString(count)));
    }
    if (preset)
        parts.append(edited ? tr("Preset: %1 (edited)").arg(shortName(preset->name))
                            : tr("Preset: %1").arg(shortName(preset->name)));
    info->setText(parts.join(u" · "_s));
}

void SystemInstructionPanel::Private::report(bool textChanged)
{
    const QString now = active();
    if (!textChanged && now == reportedActive)
        return;
    reportedActive = now;
    Q_EMIT q->changed();
}

void SystemInstructionPanel::Private::replaceText(const QString &text)
{
    // Through a cursor, unlike setPlainText(), so that Undo brings back the text a pick replaced.
    settingText = true;
    QTextCursor cursor(edit->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
    cursor.endEditBlock();
    settingText = false;
}

void SystemInstructionPanel::Private::guardWrapping(int from, int added)
{
    if (edit->wordWrapMode() != UsualWrapMode)
        return;
    QTextDocument *document = edit->document();
    const QTextBlock last = document->findBlock(from + added);
    for (QTextBlock block = document->findBlock(from); block.isValid(); block = block.next()) {
        if (hasLongUnbrokenRun(block.text())) {
            edit->setWordWrapMode(QTextOption::WordWrap);
            return;
        }
        if (block == last)
            break;
    }
}

void SystemInstructionPanel::Private::restoreWrapping()
{
    if (edit->wordWrapMode() != UsualWrapMode && !hasLongUnbrokenRun(edit->document()->toRawText()))
        edit->setWordWrapMode(UsualWrapMode);
}

void SystemInstructionPanel::Private::setPresetMessage(const QString &message)
{
    presetMessage->setText(message);
    presetMessage->setVisible(!message.isEmpty());
}

bool SystemInstructionPanel::Private::refused(SystemPresets::Result result, const QString &name)
{
    if (result == SystemPresets::Result::Ok)
        return false;
    setPresetMessage(SystemPresets::resultText(result, name));
    return true;
}

void SystemInstructionPanel::Private::pick(int index)
{
    setPresetMessage({});
    const QString before = plainText(edit);
    if (index <= 0) {
        // The text stays; it is simply no longer tied to a preset.
        picked.clear();
        updateState();
        report(false);
        return;
    }
    const auto preset = presets->find(combo->itemData(index).toString());
    if (!preset) {
        rebuildCombo();
        return;
    }
    picked = preset->name;
    const bool textChanged = before != preset->text;
    if (textChanged)
        replaceText(preset->text);
    updateState();
    report(textChanged);
}

void SystemInstructionPanel::Private::saveAsNew()
{
    setPresetMessage({});
    const QString text = plainText(edit);
    if (isBlank(text))
        return;
    const std::optional<QString> name = askName(tr("Save as New Preset"), tr("Name of the new preset:"), QString());
    if (!name)
        return;
    // save() would replace an existing preset; "new" must not.
    if (const auto existing = presets->find(*name))
        return void(refused(SystemPresets::Result::NameTaken, existing->name));
    changingPresets = true;
    const SystemPresets::Result result = presets->save(*name, text);
    changingPresets = false;
    if (!refused(result, *name)) {
        if (const auto saved = presets->find(*name))
            picked = saved->name;
    }
    rebuildCombo();
    report(false);
}

void SystemInstructionPanel::Private::saveToPicked()
{
    setPresetMessage({});
    const auto preset = pickedPreset();
    if (!preset)
        return;
    changingPresets = true;
    const SystemPresets::Result result = presets->save(preset->name, plainText(edit));
    changingPresets = false;
    refused(result, preset->name);
    rebuildCombo();
    report(false);
}

void SystemInstructionPanel::Private::renamePicked()
{
    setPresetMessage({});
    const auto preset = pickedPreset();
    if (!preset)
        return;
    const std::optional<QString> name
        = askName(tr("Rename Preset"), tr("New name of the preset “%1”:").arg(shortName(preset->name)), preset->name);
    if (!name)
        return;
    changingPresets = true;
    const SystemPresets::Result result = presets->rename(preset->name, *name);
    changingPresets = false;
    if (!refused(result, *name)) {
        if (const auto renamed = presets->find(*name))
            picked = renamed->name;
    }
    rebuildCombo();
    report(false);
}

void SystemInstructionPanel::Private::deletePicked()
{
    setPresetMessage({});
    const auto preset = pickedPreset();
    if (!preset)
        return;
    const QString question
        = tr("Delete the preset “%1”? The instructions in the editor stay as they are.").arg(shortName(preset->name));
    if (!confirm(tr("Delete Preset"), question))
        return;
    changingPresets = true;
    const SystemPresets::Result result = presets->remove(preset->name);
    changingPresets = false;
    if (!refused(result, preset->name))
        picked.clear();
    rebuildCombo();
    report(false);
}

void SystemInstructionPanel::Private::presetsChanged()
{
    // This panel's own actions rebuild once they know the new name of the picked preset.
    if (changingPresets)
        return;
    rebuildCombo();
    report(false);
}

std::optional<QString> SystemInstructionPanel::Private::askName(
    const QString &title, const QString &label, const QString &name)
{
    if (namePrompt)
        return namePrompt(title, label, name);
    QInputDialog dialog(q);
    dialog.setObjectName(u"presetNameDialog"_s);
    dialog.setWindowTitle(title);
    dialog.setLabelText(label);
    dialog.setInputMode(QInputDialog::TextInput);
    dialog.setTextValue(name);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue();
}

bool SystemInstructionPanel::Private::confirm(const QString &title, const QString &question)
{
    if (confirmation)
        return confirmation(title, question);
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::NoButton, q);
    box.setObjectName(u"deletePresetDialog"_s);
    QPushButton *remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == remove;
}

SystemInstructionPanel::SystemInstructionPanel(SystemPresets *presets, QWidget *parent)
    : QWidget(parent)
    , d(new Private(this, presets))
{
    d->build();
    d->rebuildCombo();
}

SystemInstructionPanel::~SystemInstructionPanel()
{
    delete d;
}

void SystemInstructionPanel::setInstruction(const QString &text)
{
    d->settingText = true;
    d->edit->setPlainText(text);
    d->settingText = false;

    const auto current = d->pickedPreset();
    if (!current || current->text != text) {
        d->picked.clear();
        if (!isBlank(text)) {
            const QList<SystemPreset> all = d->presets->presets();
            const auto match
                = std::find_if(all.cbegin(), all.cend(), [&text](const SystemPreset &p) { return p.text == text; });
            if (match != all.cend())
                d->picked = match->name;
        }
    }
    d->setPresetMessage({});
    d->updateState();
    d->reportedActive = d->active();
}

QString SystemInstructionPanel::instruction() const
{
    return plainText(d->edit);
}

std::optional<Content> SystemInstructionPanel::systemInstruction() const
{
    const QString text = instruction();
    if (isBlank(text))
        return std::nullopt;
    return Content {QString(), {Part::fromText(text)}};
}

QString SystemInstructionPanel::activePreset() const
{
    return d->active();
}

void SystemInstructionPanel::setNamePrompt(NamePrompt prompt)
{
    d->namePrompt = std::move(prompt);
}

void SystemInstructionPanel::setConfirmation(Confirmation confirm)
{
    d->confirmation = std::move(confirm);
}

void SystemInstructionPanel::showError(const QString &message)
{
    d->error->setText(message);
    d->error->setVisible(!message.isEmpty());
}

void SystemInstructionPanel::clearError()
{
    showError({});
}

QLabel *SystemInstructionPanel::errorLabel() const
{
    return d->error;
}
