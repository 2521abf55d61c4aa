#pragma once

class QHBoxLayout;
class QVBoxLayout;

// A column of at most `maxWidth` pixels in the middle of a row, for pages of wrapped text (the
// welcome page, the onboarding). Word-wrapped labels wrap in it; a centred label on its own would
// take its narrow size hint and be cut.
struct CentredColumn
{
    QHBoxLayout *row = nullptr;    // add this to the page's layout
    QVBoxLayout *column = nullptr; // add the page's widgets here
};

CentredColumn makeCentredColumn(int maxWidth = 560);
