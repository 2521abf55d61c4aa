#pragma once

#include <QMap>
#include <QWidget>

#include <optional>

class OptionalSpinBox;
class QDoubleSpinBox;
class QSlider;
class QToolButton;

// "Unset, or a number in a range": a spin box that shows "Default" or "Default (0.95)" while unset, an
// optional slider, and a reset button. Object names: "<key>Field" for the spin box, "<key>Reset" for
// the button, "<key>Slider" for the slider. edited() is emitted for the user's changes only.
// The spin box's minimum is a sentinel one step below the range that means "unset"; clearing its text
// also unsets. Whole numbers use a QDoubleSpinBox with 0 decimals too: a double holds every int32
// exactly, which a QSpinBox with a sentinel below INT_MIN could not.
class OptionalNumberField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OptionalNumberField)

public:
    // decimals 0 for whole numbers.
    OptionalNumberField(const QString &key, int decimals, bool withSlider = false, QWidget *parent = nullptr);
    ~OptionalNumberField() override;

    QString key() const { return m_key; }
    // The allowed range; a value set outside it is clamped. Returns whether the value changed.
    bool setRange(double minimum, double maximum);
    double minimum() const;
    double maximum() const;
    void setSingleStep(double step);
    // The server's default for this setting, shown while unset; nullopt shows "Default".
    void setDefaultValue(std::optional<double> value);
    // Words shown for some values ("Dynamic" for -1); typing the word enters the value.
    void setValueNames(const QMap<double, QString> &names);

    std::optional<double> value() const;
    std::optional<int> intValue() const;
    // Programmatic: emits nothing.
    void setValue(std::optional<double> value);
    bool isSet() const { return value().has_value(); }

    QDoubleSpinBox *spinBox() const;
    QToolButton *resetButton() const { return m_reset; }
    QSlider *slider() const { return m_slider; }

    void setFieldToolTip(const QString &tip);

Q_SIGNALS:
    void edited();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    double sentinel() const;
    void updateSpecialText();
    void syncSlider();
    void updateReset();

    QString m_key;
    double m_minimum = 0;
    double m_maximum = 0;
    double m_step = 1;
    std::optional<double> m_default;
    bool m_updating = false;
    OptionalSpinBox *m_spin = nullptr;
    QToolButton *m_reset = nullptr;
    QSlider *m_slider = nullptr;
};
