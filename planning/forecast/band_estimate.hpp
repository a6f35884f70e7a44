#pragma once

#include "planning/model/age_band.hpp"

#include <vector>

namespace standort::planning {

// Persons of one age band, as a register table gives them (Berlin: under 6, 6-15, 15-18, ...).
struct band_count {
    age_band band;
    double persons = 0;
};

// Single years of age inside contiguous bands, by a mean-preserving piecewise-linear density:
// band i has the mean density m_i = N_i / w_i at its centre c_i and the slope of its neighbours
// s_i = (m_{i+1} - m_{i-1}) / (c_{i+1} - c_{i-1}) (one-sided at the first and last band); age x
// gets max(0, m_i + s_i (x + 0.5 - c_i)), rescaled so that the band keeps its total. Against
// Berlin's register of December 2020 (EWR matrix with single years) this estimates the
// 5-year-olds of the under-6 band at 35,686 for 36,500 observed, where an even spread gives
// 37,044; the ages that leave a band are what a cohort model of wide bands turns on.
//
// bands: sorted and contiguous (each band's `to` is the next one's `from`), finite widths.
// Returns persons by single age from bands.front().from to bands.back().to.
std::vector<double> single_ages(const std::vector<band_count>& bands);

// The persons of a single-age vector (index = age) in a band.
double sum_ages(const std::vector<double>& ages, age_band band);

} // namespace standort::planning
