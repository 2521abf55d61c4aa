#include "safetypanel.h"

#include "themecolors.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// A hostile or broken conversation file could hold anything: long names are shortened for display
// (and shown in full in the tooltip), but sent back as they were.
constexpr qsizetype MaxShownChars = 60;

QString shortened(const QString &text)
{
    return text.size() > MaxShownChars ? text.left(MaxShownChars - 1) + u'…' : text;
}

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

struct Choice
{
    QString threshold; // empty: unset
    QString text;
    QString toolTip;
};

QList<Choice> choices()
{
    return {
        {QString(), SafetyPanel::tr("Default"),
            SafetyPanel::tr("Not sent: the model's own threshold for this category applies.")},
        {u"BLOCK_NONE"_s, SafetyPanel::tr("Block none"),
            SafetyPanel::tr("Never block for this category; responses still carry its safety rating.")},
        {u"BLOCK_ONLY_HIGH"_s, SafetyPanel::tr("Block few (only high)"),
            SafetyPanel::tr("Block only content with a high probability of being unsafe.")},
        {u"BLOCK_MEDIUM_AND_ABOVE"_s, SafetyPanel::tr("Block some (medium and up)"),
            SafetyPanel::tr("Block content with a medium or high probability of being unsafe.")},
        {u"BLOCK_LOW_AND_ABOVE"_s, SafetyPanel::tr("Block most (low and up)"),
            SafetyPanel::tr("Block content with a low, medium or high probability of being unsafe (the strictest).")},
        {u"OFF"_s, SafetyPanel::tr("Off"),
            SafetyPanel::tr("Turn the safety filter off for this category: no blocking and no rating.")},
    };
}

} // namespace

struct SafetyPanel::Private
{
    struct Row
    {
        QString category;
        QLabel *label = nullptr;
        QComboBox *box = nullptr;
        bool known = true; // one of Safety::categories(); an unknown one is removed when settings change
    };

    SafetyPanel *q;
    QLabel *errorLabel = nullptr;
    QGridLayout *grid = nullptr;
    QPushButton *resetButton = nullptr;
    QList<Row> rows;
    bool updating = false; // programmatic changes emit nothing

    explicit Private(SafetyPanel *panel)
        : q(panel)
    { }

    Row *row(const QString &category)
    {
        for (Row &r : rows) {
            if (r.category == category)
                return &r;
        }
        return nullptr;
    }

    void addRow(const QString &category, bool known)
    {
        const QString name = capitalised(Safety::categoryDisplayName(category));
        auto *box = new QComboBox(q);
        box->setObjectName(u"safety_"_s + category);
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
        box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        for (const Choice &choice : choices()) {
            box->addItem(choice.text, choice.threshold);
            box->setItemData(box->count() - 1, choice.toolTip, Qt::ToolTipRole);
        }
        // Rich-text paragraphs, so that a hostile name shows as text, not as markup.
        const QString shownCategory = category.left(200).toHtmlEscaped();
        box->setToolTip(u"<p>"_s
            + (known ? SafetyPanel::tr("When to block a response for %1.").arg(name.toLower().toHtmlEscaped())
                     : SafetyPanel::tr("A category this version of Alhena does not know (%1); kept and sent as it is.")
                           .arg(shownCategory))
            + u"</p>"_s);
        box->setAccessibleName(shortened(name));

        auto *label = new QLabel(shortened(name) + u':', q);
        label->setTextFormat(Qt::PlainText);
        label->setBuddy(box);
        label->setToolTip(box->toolTip());

        const int line = grid->rowCount();
        grid->addWidget(label, line, 0);
        grid->addWidget(box, line, 1);
        QObject::connect(box, &QComboBox::currentIndexChanged, q, [this] { userChanged(); });
        rows.append(Row {category, label, box, known});
        if (resetButton)
            QWidget::setTabOrder(box, resetButton);
    }

    void removeUnknownRows()
    {
        for (qsizetype i = rows.size() - 1; i >= 0; --i) {
            if (rows.at(i).known)
                continue;
            delete rows.at(i).label;
            delete rows.at(i).box;
            rows.removeAt(i);
        }
    }

    // Index of threshold in box; an unknown threshold gets its own item so it can be sent back.
    static int indexFor(QComboBox *box, const QString &threshold)
    {
        const int index = box->findData(threshold);
        if (index >= 0)
            return index;
        box->addItem(SafetyPanel::tr("%1 (unknown)").arg(shortened(threshold)), threshold);
        box->setItemData(box->count() - 1,
            QString(u"<p>"_s
                + SafetyPanel::tr("A threshold this version of Alhena does not know (%1); sent as it is.")
                      .arg(threshold.left(200).toHtmlEscaped())
                + u"</p>"_s),
            Qt::ToolTipRole);
        return box->count() - 1;
    }

    // Drops the items of unknown thresholds that are no longer chosen.
    static void removeUnknownItems(QComboBox *box)
    {
        const int known = static_cast<int>(choices().size());
        for (int i = box->count() - 1; i >= known; --i) {
            if (i != box->currentIndex())
                box->removeItem(i);
        }
    }

    void userChanged()
    {
        if (updating)
            return;
        q->clearError();
        Q_EMIT q->changed();
    }
};

SafetyPanel::SafetyPanel(QWidget *parent)
    : QWidget(parent)
    , d(new Private(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    d->errorLabel = new QLabel(this);
    d->errorLabel->setObjectName(u"safetyErrorLabel"_s);
    d->errorLabel->setWordWrap(true);
    d->errorLabel->setTextFormat(Qt::PlainText);
    d->errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    ThemeColors::markAsError(d->errorLabel);
    d->errorLabel->hide();
    layout->addWidget(d->errorLabel);

    auto *hint = new QLabel(tr("Categories left at Default are not sent: the model's defaults apply."), this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(hint);

    d->grid = new QGridLayout;
    d->grid->setColumnStretch(1, 1);
    d->grid->setHorizontalSpacing(6);
    layout->addLayout(d->grid);
    for (const QString &category : Safety::categories())
        d->addRow(category, true);

    d->resetButton = new QPushButton(tr("Reset"), this);
    d->resetButton->setObjectName(u"safetyResetButton"_s);
    d->resetButton->setToolTip(tr("Set every category back to Default, so that no safety setting is sent."));
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(d->resetButton);
    layout->addLayout(buttons);
    if (!d->rows.isEmpty())
        setTabOrder(d->rows.last().box, d->resetButton);

    connect(d->resetButton, &QPushButton::clicked, this, [this] {
        const QList<SafetySetting> before = settings();
        resetAll();
        if (settings() != before) {
            clearError();
            Q_EMIT changed();
        }
    });
}

SafetyPanel::~SafetyPanel()
{
    delete d;
}

void SafetyPanel::setSettings(const QList<SafetySetting> &settings)
{
    const QSignalBlocker blocker(this); // Emits nothing, whatever happens inside.
    d->updating = true;
    d->removeUnknownRows();
    for (Private::Row &row : d->rows) {
        row.box->setCurrentIndex(0);
        Private::removeUnknownItems(row.box);
    }
    for (const SafetySetting &setting : settings) {
        if (setting.category.isEmpty())
            continue; // names nothing: neither shown nor sent
        Private::Row *row = d->row(setting.category);
        if (!row) {
            d->addRow(setting.category, false);
            row = &d->rows.last();
        }
        row->box->setCurrentIndex(setting.threshold.isEmpty() ? 0 : Private::indexFor(row->box, setting.threshold));
    }
    d->updating = false;
}

QList<SafetySetting> SafetyPanel::settings() const
{
    QList<SafetySetting> out;
    for (const Private::Row &row : std::as_const(d->rows)) {
        const QString threshold = row.box->currentData().toString();
        if (!threshold.isEmpty())
            out.append(SafetySetting {row.category, threshold});
    }
    return out;
}

void SafetyPanel::resetAll()
{
    d->updating = true;
    for (const Private::Row &row : std::as_const(d->rows))
        row.box->setCurrentIndex(0);
    d->updating = false;
}

QComboBox *SafetyPanel::thresholdBox(const QString &category) const
{
    const Private::Row *row = d->row(category);
    return row ? row->box : nullptr;
}

void SafetyPanel::showError(const QString &message)
{
    const QString text = message.trimmed();
    if (text.isEmpty()) {
        clearError();
        return;
    }
    d->errorLabel->setText(text.size() > 1000 ? text.left(999) + u'…' : text);
    d->errorLabel->setToolTip(text.size() > 1000 ? text.left(8000) : QString());
    d->errorLabel->show();
}

void SafetyPanel::clearError()
{
    d->errorLabel->clear();
    d->errorLabel->setToolTip({});
    d->errorLabel->hide();
}

QLabel *SafetyPanel::errorLabel() const
{
    return d->errorLabel;
}
