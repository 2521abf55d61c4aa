#include "centredcolumn.h"

#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QWidget>

CentredColumn makeCentredColumn(int maxWidth)
{
    auto *column = new QWidget;
    column->setMaximumWidth(maxWidth);
    column->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->setSpacing(12);

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 100);
    row->addStretch(1);
    return {row, columnLayout};
}
