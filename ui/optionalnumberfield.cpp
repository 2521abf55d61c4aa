#include "optionalnumberfield.h"

#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLocale>
#include <QScopedValueRollback>
#include <QSlider>
#include <QToolButton>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

// The minimum is a sentinel meaning "unset"; see OptionalNumberField.
class OptionalSpinBox final : public QDoubleSpinBox
{
public:
    explicit OptionalSpinBox(QWidget *parent)
        : QDoubleSpinBox(parent)
    {
        // In a scrolling dock, the wheel must scroll the dock unless the user chose this field.
        setFocusPolicy(Qt::StrongFocus);
    }

    void setValueNames(const QMap<double, QString> &names) { m_names = names; }
    void setStartValue(std::optional<double> value) { m_start = value; }

    QValidator::State validate(QString &input, int &pos) const override
    {
        const QString text = input.trimmed();
        if (text.isEmpty() || (!specialValueText().isEmpty() && input == specialValueText()))
            return QValidator::Acceptable;
        for (const QString &name : m_names) {
            if (name.compare(text, Qt::CaseInsensitive) == 0)
                return QValidator::Acceptable;
            if (name.startsWith(text, Qt::CaseInsensitive) && !text.front().isDigit() && text != "-"_L1)
                return QValidator::Intermediate;
        }
        return QDoubleSpinBox::validate(input, pos);
    }

    double valueFromText(const QString &text) const override
    {
        const QString t = text.trimmed();
        if (t.isEmpty() || (!specialValueText().isEmpty() && text == specialValueText()))
            return minimum();
        for (auto it = m_names.cbegin(); it != m_names.cend(); ++it) {
            if (it.value().compare(t, Qt::CaseInsensitive) == 0)
                return it.key();
        }
        return QDoubleSpinBox::valueFromText(text);
    }

    QString textFromValue(double value) const override
    {
        for (auto it = m_names.cbegin(); it != m_names.cend(); ++it) {
            if (qFuzzyCompare(it.key() + 1.0, value + 1.0))
                return it.value();
        }
        return QDoubleSpinBox::textFromValue(value);
    }

    void fixup(QString &input) const override
    {
        if (input.trimmed().isEmpty())
            return;
        QDoubleSpinBox::fixup(input);
    }

    void stepBy(int steps) override
    {
        // Up from "Default" starts at the default the user saw, not at the bottom of the range.
        if (value() == minimum() && steps > 0) {
            const double bottom = minimum() + singleStep();
            setValue(std::clamp(m_start.value_or(bottom), bottom, maximum()));
            selectAll();
            if (--steps == 0)
                return;
        }
        QDoubleSpinBox::stepBy(steps);
    }

protected:
    void wheelEvent(QWheelEvent *event) override
    {
        if (!hasFocus()) {
            event->ignore();
            return;
        }
        QDoubleSpinBox::wheelEvent(event);
    }

private:
    QMap<double, QString> m_names;
    std::optional<double> m_start;
};

namespace {
// Slider positions are whole numbers: scale by the decimals shown.
double scaleFor(int decimals)
{
    return std::pow(10.0, decimals);
}
} // namespace

OptionalNumberField::OptionalNumberField(const QString &key, int decimals, bool withSlider, QWidget *parent)
    : QWidget(parent)
    , m_key(key)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    if (withSlider) {
        m_slider = new QSlider(Qt::Horizontal, this);
        m_slider->setObjectName(key + "Slider"_L1);
        m_slider->setFocusPolicy(Qt::StrongFocus);
        m_slider->setMinimumWidth(72);
        m_slider->installEventFilter(this);
        layout->addWidget(m_slider, 1);
    }

    m_spin = new OptionalSpinBox(this);
    m_spin->setObjectName(key + "Field"_L1);
    m_spin->setDecimals(decimals);
    m_spin->setAlignment(Qt::AlignRight);
    m_spin->setSizePolicy(withSlider ? QSizePolicy::Preferred : QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addWidget(m_spin, withSlider ? 0 : 1);
    setFocusProxy(m_spin);

    m_reset = new QToolButton(this);
    m_reset->setObjectName(key + "Reset"_L1);
    m_reset->setAutoRaise(true);
    m_reset->setIcon(QIcon::fromTheme(u"edit-undo"_s));
    if (m_reset->icon().isNull())
        m_reset->setText(u"↺"_s);
    m_reset->setToolTip(tr("Use the default (do not send this setting)"));
    m_reset->setAccessibleName(tr("Reset to default"));
    // Keyboard users clear the field instead; a reset stop after every field would double the tab chain.
    m_reset->setFocusPolicy(Qt::NoFocus);
    layout->addWidget(m_reset);

    setRange(0, 1);
    updateSpecialText();
    setValue(std::nullopt);

    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this] {
        if (m_updating)
            return;
        syncSlider();
        updateReset();
        Q_EMIT edited();
    });
    connect(m_reset, &QToolButton::clicked, this, [this] {
        if (!isSet())
            return;
        setValue(std::nullopt);
        Q_EMIT edited();
    });
    if (m_slider) {
        connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
            if (m_updating)
                return;
            // Through the spin box, which emits edited().
            m_spin->setValue(position / scaleFor(m_spin->decimals()));
        });
    }
}

OptionalNumberField::~OptionalNumberField() = default;

QDoubleSpinBox *OptionalNumberField::spinBox() const
{
    return m_spin;
}

double OptionalNumberField::sentinel() const
{
    return m_minimum - m_step;
}

bool OptionalNumberField::setRange(double minimum, double maximum)
{
    const std::optional<double> before = value();
    m_minimum = minimum;
    m_maximum = std::max(minimum, maximum);
    {
        const QScopedValueRollback guard(m_updating, true);
        m_spin->setRange(sentinel(), m_maximum);
        if (m_slider) {
            const double scale = scaleFor(m_spin->decimals());
            m_slider->setRange(int(std::lround(m_minimum * scale)), int(std::lround(m_maximum * scale)));
        }
    }
    std::optional<double> after = before;
    if (after)
        after = std::clamp(*after, m_minimum, m_maximum);
    setValue(after);
    return after != before;
}

double OptionalNumberField::minimum() const
{
    return m_minimum;
}

double OptionalNumberField::maximum() const
{
    return m_maximum;
}

void OptionalNumberField::setSingleStep(double step)
{
    m_step = step;
    m_spin->setSingleStep(step);
    setRange(m_minimum, m_maximum);
}

void OptionalNumberField::setDefaultValue(std::optional<double> value)
{
    m_default = value;
    m_spin->setStartValue(value);
    updateSpecialText();
    syncSlider();
}

void OptionalNumberField::setValueNames(const QMap<double, QString> &names)
{
    m_spin->setValueNames(names);
    const QScopedValueRollback guard(m_updating, true);
    // Redraws the text with the names.
    const double v = m_spin->value();
    m_spin->setValue(m_spin->maximum());
    m_spin->setValue(v);
}

std::optional<double> OptionalNumberField::value() const
{
    if (m_spin->value() <= m_spin->minimum())
        return std::nullopt;
    return m_spin->value();
}

std::optional<int> OptionalNumberField::intValue() const
{
    if (const auto v = value())
        return int(std::lround(*v));
    return std::nullopt;
}

void OptionalNumberField::setValue(std::optional<double> value)
{
    {
        const QScopedValueRollback guard(m_updating, true);
        m_spin->setValue(value ? std::clamp(*value, m_minimum, m_maximum) : m_spin->minimum());
    }
    syncSlider();
    updateReset();
}

void OptionalNumberField::setFieldToolTip(const QString &tip)
{
    m_spin->setToolTip(tip);
    if (m_slider)
        m_slider->setToolTip(tip);
}

bool OptionalNumberField::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_slider && event->type() == QEvent::Wheel && !m_slider->hasFocus()) {
        event->ignore();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void OptionalNumberField::updateSpecialText()
{
    // 'g' drops the trailing zeros the spin box would show ("1", not "1.00").
    m_spin->setSpecialValueText(
        m_default ? tr("Default (%1)").arg(QLocale().toString(*m_default, 'g', 10)) : tr("Default"));
}

void OptionalNumberField::syncSlider()
{
    if (!m_slider)
        return;
    const QScopedValueRollback guard(m_updating, true);
    const double shown = value().value_or(m_default.value_or(m_minimum));
    m_slider->setValue(int(std::lround(shown * scaleFor(m_spin->decimals()))));
}

void OptionalNumberField::updateReset()
{
    m_reset->setEnabled(isSet());
}
